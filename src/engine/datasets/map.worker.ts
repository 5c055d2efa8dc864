// Worker thread of map(numProc > 1). Kept alive between maps (see ./map-parallel), it takes one
// job at a time: rebuild the function (captured objects rebuilt once per recipe and kept),
// map the shard, post progress after every batch and the result at the end.
import { parentPort } from "node:worker_threads";
import { mapShard, type MapFunction, type MapSpec } from "./map-core";
import { packColumns, transferList, unpackColumns, type PackedColumns } from "./packed-columns";
import { rebuildFunction } from "./rebuild";
import type { FunctionPackage } from "./capture";

export interface MapJob {
  /** Same fingerprint, same function: reuse the rebuilt one. */
  fingerprint: string;
  pkg: FunctionPackage;
  shard: { columns: PackedColumns; numRows: number; offset: number };
  spec: MapSpec;
}

export type MapWorkerMessage =
  | { type: "progress"; rows: number }
  | { type: "done"; columns: PackedColumns | null; numRows: number }
  | { type: "error"; name: string; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error("map.worker must run in a worker thread");
const functions = new Map<string, Promise<MapFunction>>();

port.on("message", async ({ fingerprint, pkg, shard, spec }: MapJob) => {
  try {
    let fn = functions.get(fingerprint);
    if (!fn) functions.set(fingerprint, (fn = rebuildFunction(pkg) as Promise<MapFunction>));
    const input = { columns: unpackColumns(shard.columns), numRows: shard.numRows, offset: shard.offset };
    const out = await mapShard(await fn, input, spec, (rows) => port.postMessage({ type: "progress", rows } satisfies MapWorkerMessage));
    const columns = out.columns && packColumns(out.columns);
    port.postMessage({ type: "done", columns, numRows: out.numRows } satisfies MapWorkerMessage, columns ? transferList(columns) : []);
  } catch (error) {
    functions.delete(fingerprint);
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: "error", name: e.name, message: e.message, stack: e.stack } satisfies MapWorkerMessage);
  }
});
