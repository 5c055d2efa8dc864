// The part of map that runs a function over rows: the same code in-process and in workers,
// so numProc changes where it runs, not what it computes. Mirrors datasets' _map_single:
// batches of `batchSize` rows (or single rows), outputs checked and gathered per column.
import { MapOutputError } from "./errors";

export type Columns = Record<string, unknown[]>;
export type Batch = Record<string, unknown[]>;
export type Row = Record<string, unknown>;

export interface MapSpec {
  batched: boolean;
  batchSize: number;
  withIndices: boolean;
  /** Input columns that the result drops (validated by the caller). */
  removeColumns: string[];
}

export interface ShardInput {
  columns: Columns;
  numRows: number;
  /** Index of this shard's first row in the whole dataset (for withIndices). */
  offset: number;
}

export interface ShardOutput {
  /** Columns the function returned, concatenated over batches; null when it returned nothing. */
  columns: Columns | null;
  numRows: number;
}

export type MapFunction = (input: never, indices?: never) => unknown;

/** Runs fn over one shard. `onBatch` hears rows done after each batch and may await (to let interrupts in). */
export async function mapShard(fn: MapFunction, shard: ShardInput, spec: MapSpec, onBatch: (rows: number) => void | Promise<void>): Promise<ShardOutput> {
  const names = Object.keys(shard.columns);
  const kept = names.filter((n) => !spec.removeColumns.includes(n));
  const call = fn as (input: unknown, indices?: unknown) => unknown;
  let outNames: string[] | null = null;
  let returnedNothing: boolean | null = null;
  const out: Columns = {};
  let outRows = 0;
  const step = spec.batched ? Math.max(1, spec.batchSize) : 1;
  for (let start = 0; start < shard.numRows; start += step) {
    const end = Math.min(shard.numRows, start + step);
    const where = spec.batched ? `the batch of rows ${shard.offset + start}–${shard.offset + end - 1}` : `row ${shard.offset + start}`;
    let result: unknown;
    if (spec.batched) {
      const batch: Batch = {};
      for (const n of names) batch[n] = shard.columns[n].slice(start, end);
      const indices = spec.withIndices ? Array.from({ length: end - start }, (_, i) => shard.offset + start + i) : undefined;
      result = await call(batch, indices);
    } else {
      const row: Row = {};
      for (const n of names) row[n] = shard.columns[n][start];
      result = await call(row, spec.withIndices ? shard.offset + start : undefined);
    }
    const nothing = result === undefined || result === null;
    if (returnedNothing !== null && nothing !== returnedNothing) {
      throw new MapOutputError(`map: the function returned ${nothing ? "nothing" : "columns"} for ${where} but ${returnedNothing ? "nothing" : "columns"} before; it must do the same for every ${spec.batched ? "batch" : "row"}.`);
    }
    returnedNothing = nothing;
    if (nothing) {
      await onBatch(end - start);
      continue;
    }
    const cols = outputColumns(result, spec.batched, where);
    const keys = Object.keys(cols);
    if (outNames === null) {
      outNames = keys;
      for (const k of keys) out[k] = [];
    } else if (keys.length !== outNames.length || keys.some((k) => !(k in out))) {
      throw new MapOutputError(`map: the function returned columns [${keys.join(", ")}] for ${where} but [${outNames.join(", ")}] for the first ${spec.batched ? "batch" : "row"}; every call must return the same columns.`);
    }
    const lengths = keys.map((k) => cols[k].length);
    const n = lengths[0] ?? 0;
    if (lengths.some((l) => l !== n)) {
      throw new MapOutputError(
        `map (batched): the function returned columns of different lengths for ${where}: ${keys.map((k, i) => `${k} has ${lengths[i]}`).join(", ")}. ` +
          `Each returned column needs one value per output row.`,
      );
    }
    const keptHere = kept.filter((k) => !(k in cols));
    if (keptHere.length > 0 && n !== end - start) {
      throw new MapOutputError(
        `map (batched): the function returned ${n} rows (${keys.join(", ")}) for ${where}, which has ${end - start} rows, while the input columns ` +
          `[${keptHere.join(", ")}] are kept with ${end - start}. Pass removeColumns with those columns (as the tutorial does: removeColumns: ds.columnNames), ` +
          `or return one value per input row.`,
      );
    }
    for (const k of keys) {
      const target = out[k];
      for (const v of cols[k]) target.push(v);
    }
    outRows += n;
    await onBatch(end - start);
  }
  return { columns: outNames === null ? null : out, numRows: outNames === null ? shard.numRows : outRows };
}

function outputColumns(result: unknown, batched: boolean, where: string): Columns {
  if (typeof result !== "object" || Array.isArray(result) || result === null) {
    throw new MapOutputError(`map: the function returned ${Array.isArray(result) ? "an array" : `a ${typeof result}`} for ${where}; it must return an object of columns (or nothing).`);
  }
  const cols: Columns = {};
  for (const [k, v] of Object.entries(result)) {
    if (!batched) cols[k] = [v];
    else if (Array.isArray(v)) cols[k] = v;
    else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) cols[k] = Array.from(v as unknown as ArrayLike<unknown>);
    else throw new MapOutputError(`map (batched): column "${k}" returned for ${where} is a ${typeof v}, not a list; a batched function returns one list per column, with one value per row.`);
  }
  return cols;
}
