// map with numProc > 1: contiguous shards (as datasets' shard(contiguous=True)), one worker
// thread each, results back in shard order. Workers stay in a small idle pool between maps
// (unref'd, closed after a minute idle), so a DatasetDict's splits and the next cell's map do
// not pay the start-up (engine import, tokenizer rebuild) again. Interrupt terminates them.
import type { Worker } from "node:worker_threads";
import { InterruptedError, currentAbortSignal } from "../runtime/abort";
import type { Progress } from "../runtime/progress";
import type { CapturedValue, FunctionPackage } from "./capture";
import { resolveRecipeModule, startEngineWorker } from "./engine-files";
import { MapOutputError } from "./errors";
import type { Columns, MapSpec, ShardOutput } from "./map-core";
import type { MapJob, MapWorkerMessage } from "./map.worker";
import { packColumns, transferList, unpackColumns } from "./packed-columns";

const IDLE_MS = 60_000;
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

function acquire(): Worker {
  const entry = idle.pop();
  if (entry) {
    clearTimeout(entry.timer);
    entry.worker.ref();
    return entry.worker;
  }
  return startEngineWorker("map");
}

function release(worker: Worker): void {
  worker.removeAllListeners("message");
  worker.removeAllListeners("error");
  worker.removeAllListeners("exit");
  worker.unref();
  const entry = { worker, timer: setTimeout(() => retire(worker), IDLE_MS).unref() };
  worker.once("exit", () => {
    clearTimeout(entry.timer);
    const i = idle.indexOf(entry);
    if (i >= 0) idle.splice(i, 1);
  });
  idle.push(entry);
}

function retire(worker: Worker): void {
  const i = idle.findIndex((e) => e.worker === worker);
  if (i >= 0) idle.splice(i, 1);
  void worker.terminate();
}

/** Row ranges of datasets' contiguous shards: the first n % k shards get one extra row. */
function contiguousShards(numRows: number, numShards: number): [number, number][] {
  const div = Math.floor(numRows / numShards);
  const mod = numRows % numShards;
  const out: [number, number][] = [];
  for (let i = 0; i < numShards; i++) {
    const start = div * i + Math.min(i, mod);
    out.push([start, start + div + (i < mod ? 1 : 0)]);
  }
  return out;
}

function withResolvedModules(pkg: FunctionPackage): FunctionPackage {
  const captures: Record<string, CapturedValue> = {};
  for (const [name, c] of Object.entries(pkg.captures)) {
    captures[name] =
      c.kind === "rebuild" ? { kind: "rebuild", recipe: { ...c.recipe, module: resolveRecipeModule(c.recipe.module) } } : c.kind === "function" ? { kind: "function", pkg: withResolvedModules(c.pkg) } : c;
  }
  return { source: pkg.source, captures };
}

export async function mapInWorkers(pkg: FunctionPackage, fingerprint: string, columns: Columns, numRows: number, spec: MapSpec, numShards: number, progress: Progress): Promise<ShardOutput[]> {
  const sendable = withResolvedModules(pkg);
  const busy = new Set<Worker>();
  const signal = currentAbortSignal();
  let onAbort: (() => void) | null = null;
  let failed = false;
  try {
    const results = contiguousShards(numRows, numShards).map(([start, end]) => {
      const shardColumns = packColumns(Object.fromEntries(Object.entries(columns).map(([name, values]) => [name, values.slice(start, end)])));
      const worker = acquire();
      busy.add(worker);
      return new Promise<ShardOutput>((resolve, reject) => {
        let settled = false;
        worker.on("message", (m: MapWorkerMessage) => {
          if (m.type === "progress") progress.advance(m.rows);
          else if (m.type === "done") {
            settled = true;
            busy.delete(worker);
            release(worker);
            resolve({ columns: m.columns && unpackColumns(m.columns), numRows: m.numRows });
          } else {
            settled = true;
            const error = m.name === "MapOutputError" ? new MapOutputError(m.message) : new Error(`map worker (rows ${start}–${end - 1}): ${m.message}`);
            if (!(error instanceof MapOutputError)) {
              error.name = m.name;
              if (m.stack) error.stack = `${error.message}\n${m.stack}`;
            }
            reject(error);
          }
        });
        worker.on("error", (e) => {
          settled = true;
          reject(e);
        });
        worker.on("exit", (code) => {
          if (!settled) reject(new Error(`map worker for rows ${start}–${end - 1} exited (code ${code}) before finishing`));
        });
        worker.postMessage({ fingerprint, pkg: sendable, shard: { columns: shardColumns, numRows: end - start, offset: start }, spec } satisfies MapJob, transferList(shardColumns));
      });
    });
    const all = Promise.all(results);
    if (!signal) return await all;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new InterruptedError());
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    return await Promise.race([all, aborted]);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (signal && onAbort) signal.removeEventListener("abort", onAbort);
    // Workers still busy after an error or interrupt are in an unknown state: end them.
    if (failed || busy.size > 0) await Promise.all([...busy].map((w) => w.terminate()));
  }
}
