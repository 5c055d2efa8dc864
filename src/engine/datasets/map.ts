// Dataset.map: validates options, looks for a cached result by fingerprint, runs the function
// in-process or on worker shards, assembles kept input columns + returned columns, infers the
// new columns' features, and writes the cache.
import { recordCall } from "../runtime/record";
import { startProgress, type Progress } from "../runtime/progress";
import { throwIfAborted } from "../runtime/abort";
import { packFunction, packageFingerprint, plainCaptures } from "./capture";
import { inferColumnFeature, type Features } from "./features";
import { fingerprintOf, randomFingerprint } from "./fingerprint";
import { readCached, writeCached } from "./map-cache";
import { mapShard, type Columns, type MapFunction, type MapSpec, type ShardOutput } from "./map-core";
import { mapInWorkers } from "./map-parallel";

/** Options of filter, which calls its function as map does (per row, or per batch). */
export interface FilterOptions {
  batched?: boolean;
  batchSize?: number;
  withIndices?: boolean;
  desc?: string;
}

export interface MapOptions {
  /** Pass batches (objects of column lists) instead of single rows. Default false. */
  batched?: boolean;
  /** Rows per batch when batched. Default 1000; null or ≤ 0: the whole dataset in one batch (as datasets). */
  batchSize?: number | null;
  /** Also pass the row index (batched: the list of indices) as the second argument. */
  withIndices?: boolean;
  /** Input columns to drop from the result (the tutorial drops them all after tokenizing). */
  removeColumns?: string | string[];
  /** Worker threads to shard the rows over. Default 1 (in this process). */
  numProc?: number;
  /** Label of the progress bar. */
  desc?: string;
  /** Reuse a cached result of the same input, function and options. Default true. */
  loadFromCacheFile?: boolean;
}

export interface Table {
  columns: Columns;
  features: Features;
  numRows: number;
  fingerprint: string;
  /** Folder for map caches; null for in-memory data (never cached, as in datasets). */
  cacheDir: string | null;
}

export async function mapTable(input: Table, fn: MapFunction, options: MapOptions = {}): Promise<Table> {
  if (typeof fn !== "function") throw new TypeError("map(fn, options): fn must be a function of a row (or of a batch with batched: true)");
  const removeColumns = options.removeColumns === undefined ? [] : typeof options.removeColumns === "string" ? [options.removeColumns] : [...options.removeColumns];
  const names = Object.keys(input.columns);
  const missing = removeColumns.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new Error(`Columns to remove [${missing.join(", ")}] are not in the dataset. Current columns in the dataset: [${names.join(", ")}].`);
  }
  const batchSize = options.batchSize === undefined ? 1000 : options.batchSize === null || options.batchSize <= 0 ? Math.max(1, input.numRows) : options.batchSize;
  if (!Number.isInteger(batchSize)) throw new RangeError(`batchSize must be an integer, got ${options.batchSize}`);
  const spec: MapSpec = { batched: options.batched ?? false, batchSize, withIndices: options.withIndices ?? false, removeColumns };
  const requestedProc = options.numProc ?? 1;
  if (!Number.isInteger(requestedProc) || requestedProc < 1) throw new RangeError(`numProc must be a positive integer, got ${options.numProc}`);
  let numShards = Math.max(1, Math.min(requestedProc, input.numRows));

  const packed = packFunction(fn);
  if (!packed.ok && (numShards > 1 || input.cacheDir !== null)) {
    // As datasets warns when a function cannot be hashed: say which name, and what it costs.
    const costs = [numShards > 1 ? `it runs in this process instead of ${numShards} workers (numProc 1)` : "", input.cacheDir !== null ? "its result is not cached" : ""].filter(Boolean).join(", and ");
    console.warn(`map: the function uses "${packed.name}", but ${packed.reason}; ${costs}.`);
    numShards = 1;
  }
  recordCall("map", { function: packed.ok ? packed.pkg.source : String(fn), captured: packed.ok ? plainCaptures(packed.pkg) : {}, batched: spec.batched, batchSize: spec.batchSize, removeColumns, numProc: requestedProc, withIndices: spec.withIndices });

  const functionFingerprint = packed.ok ? packageFingerprint(packed.pkg) : null;
  // With workers, batches start at shard boundaries (as in datasets), so the shard count is part of the result's identity.
  const fingerprint = functionFingerprint !== null && input.cacheDir !== null ? fingerprintOf(input.fingerprint, "map", functionFingerprint, spec, numShards) : randomFingerprint();
  if (input.cacheDir !== null && (options.loadFromCacheFile ?? true)) {
    const hit = await readCached(input.cacheDir, fingerprint);
    if (hit) return { ...hit, fingerprint, cacheDir: input.cacheDir };
  }

  const label = options.desc ?? (numShards > 1 ? `Map (num_proc=${numShards})` : "Map");
  const progress = startProgress(label, input.numRows, "examples");
  let shards: ShardOutput[];
  try {
    if (numShards > 1 && packed.ok && functionFingerprint !== null) {
      try {
        shards = await mapInWorkers(packed.pkg, functionFingerprint, input.columns, input.numRows, spec, numShards, progress);
      } catch (error) {
        // A name the scope resolver could not see (the host did not install one) is missing in the worker; here it resolves.
        if (!(error instanceof Error) || error.name !== "ReferenceError") throw error;
        console.warn(`map: ${error.message.replace(/^map worker \(rows [^)]*\): /, "")} in a worker thread; running in this process instead (numProc 1).`);
        progress.set(0);
        shards = [await mapInProcess(fn, input, spec, progress)];
      }
    } else shards = [await mapInProcess(fn, input, spec, progress)];
  } finally {
    progress.finish();
  }
  const output = assemble(input, spec, shards);
  const result: Table = { ...output, fingerprint, cacheDir: input.cacheDir };
  if (input.cacheDir !== null) {
    await writeCached(input.cacheDir, fingerprint, output).catch((error: unknown) =>
      console.warn(`map: could not write the cache file in ${input.cacheDir} (${error instanceof Error ? error.message : String(error)}); the result is not cached.`),
    );
  }
  return result;
}

async function mapInProcess(fn: MapFunction, input: Table, spec: MapSpec, progress: Progress): Promise<ShardOutput> {
  let lastYield = Date.now();
  return mapShard(fn, { columns: input.columns, numRows: input.numRows, offset: 0 }, spec, async (rows) => {
    progress.advance(rows);
    // Give the event loop a turn now and then, so an interrupt request can arrive between batches.
    if (Date.now() - lastYield > 50) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    throwIfAborted();
  });
}

function assemble(input: Table, spec: MapSpec, shards: ShardOutput[]): Omit<Table, "fingerprint" | "cacheDir"> {
  const returned = shards[0].columns;
  const numRows = shards.reduce((n, s) => n + s.numRows, 0);
  const columns: Columns = {};
  const features: Features = {};
  const take = (name: string): void => {
    const values = shards.length === 1 ? (shards[0].columns as Columns)[name] : shards.flatMap((s) => (s.columns as Columns)[name]);
    columns[name] = values;
    features[name] = inferColumnFeature(name, values);
  };
  // Input columns keep their places (a returned column of the same name replaces its values there), new ones follow: dict-merge order, as in datasets.
  for (const name of Object.keys(input.columns)) {
    if (returned && name in returned) take(name);
    else if (!spec.removeColumns.includes(name)) {
      columns[name] = input.columns[name];
      features[name] = input.features[name];
    }
  }
  if (returned) for (const name of Object.keys(returned)) if (!(name in input.columns)) take(name);
  return { columns, features, numRows };
}
