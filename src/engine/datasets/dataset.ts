// Dataset: a table of named columns with HF features, immutable (every transform returns a new
// one), mirroring datasets.Dataset: numRows, columnNames, features, row, select, shuffle, filter,
// flatten, trainTestSplit, map, plus the notebook display hooks.
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import { FETCH_PAGE, REPR_MIMEBUNDLE, type Displayable, type MimeBundle, type Pageable } from "../runtime/display";
import type { Page } from "../../api/values";
import { withTokens } from "../runtime/tokens";
import { recordCall } from "../runtime/record";
import { startProgress } from "../runtime/progress";
import { throwIfAborted } from "../runtime/abort";
import { bundle, datasetRepr, splitView } from "./display";
import { featuresRepr, flattenFeatures, inferColumnFeature, toFeatures, type Features, type FeaturesJson } from "./features";
import { fingerprintOf, randomFingerprint } from "./fingerprint";
import { mapTable, type FilterOptions, type MapOptions, type Table } from "./map";
import type { Batch, Columns, Row } from "./map-core";
import { numpyPermutation, randomSeed } from "./numpy-random";
import { DatasetDictOf } from "./dataset-dict";

export interface TrainTestSplitOptions {
  /** Fraction (0–1) or row count of the test split. Default 0.25 when trainSize is unset too. */
  testSize?: number;
  /** Fraction (0–1) or row count of the train split. Default: the rest. */
  trainSize?: number;
  /** Shuffle before splitting. Default true. */
  shuffle?: boolean;
  /** numpy seed: the same seed picks the same rows as `datasets` in Python. */
  seed?: number;
}

export type { FilterOptions, MapOptions };

export class Dataset implements Displayable, Pageable {
  readonly #t: Table;

  /** Internal: use Dataset.fromDict / fromList or loadDataset. */
  constructor(table: Table) {
    this.#t = table;
  }

  /** A dataset from columns (datasets' Dataset.from_dict). Features are inferred unless given. */
  static fromDict(columns: Record<string, readonly unknown[]>, options: { features?: Features | FeaturesJson } = {}): Dataset {
    const names = Object.keys(columns);
    const lengths = names.map((n) => columns[n].length);
    if (lengths.some((l) => l !== lengths[0])) {
      throw new Error(`fromDict: columns have different lengths: ${names.map((n, i) => `${n} has ${lengths[i]}`).join(", ")}`);
    }
    const features = options.features ? toFeatures(options.features) : Object.fromEntries(names.map((n) => [n, inferColumnFeature(n, columns[n])]));
    return new Dataset({ columns: Object.fromEntries(names.map((n) => [n, [...columns[n]]])), features, numRows: lengths[0] ?? 0, fingerprint: randomFingerprint(), cacheDir: null });
  }

  /** A dataset from row objects (datasets' Dataset.from_list); missing fields become null. */
  static fromList(rows: readonly Record<string, unknown>[], options: { features?: Features | FeaturesJson } = {}): Dataset {
    const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return Dataset.fromDict(Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)])), options);
  }

  get numRows(): number {
    return this.#t.numRows;
  }

  get columnNames(): string[] {
    return Object.keys(this.#t.columns);
  }

  get features(): Features {
    return this.#t.features;
  }

  /** [numRows, numColumns], as datasets' shape. */
  get shape(): [number, number] {
    return [this.numRows, this.columnNames.length];
  }

  /** Identifies this content by origin and transforms; map caches by it. */
  get fingerprint(): string {
    return this.#t.fingerprint;
  }

  /** One row as an object (a fresh copy, like datasets' ds[i]); negative counts from the end. */
  row(index: number): Row {
    const i = index < 0 ? this.numRows + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.numRows) throw new RangeError(`Row index ${index} is out of range for a dataset of ${this.numRows} rows`);
    const row: Row = {};
    for (const [name, values] of Object.entries(this.#t.columns)) row[name] = structuredClone(values[i]);
    return row;
  }

  /** All values of one column (datasets' ds["name"]). */
  column(name: string): unknown[] {
    const values = this.#t.columns[name];
    if (!values) throw new Error(`Column "${name}" is not in the dataset. Its columns are: ${this.columnNames.join(", ")}`);
    return [...values];
  }

  /** Rows start..end-1 as a batch (datasets' ds[a:b]): an object of column lists. */
  batch(start: number, end: number): Batch {
    const out: Batch = {};
    for (const [name, values] of Object.entries(this.#t.columns)) out[name] = values.slice(start, end);
    return out;
  }

  toList(): Row[] {
    return Array.from({ length: this.numRows }, (_, i) => this.row(i));
  }

  *[Symbol.iterator](): IterableIterator<Row> {
    for (let i = 0; i < this.numRows; i++) yield this.row(i);
  }

  /** The rows at these indices, in this order (datasets' select). */
  select(indices: Iterable<number> | ArrayLike<number>): Dataset {
    const idx = Array.from(indices as ArrayLike<number>);
    for (const i of idx) {
      if (!Number.isInteger(i) || i < 0 || i >= this.numRows) throw new RangeError(`select: index ${i} is out of range for a dataset of ${this.numRows} rows`);
    }
    const columns: Columns = {};
    for (const [name, values] of Object.entries(this.#t.columns)) columns[name] = idx.map((i) => values[i]);
    return this.#derive({ columns, numRows: idx.length, fingerprint: fingerprintOf(this.fingerprint, "select", createHash("sha256").update(Int32Array.from(idx)).digest("hex")) });
  }

  /** Rows [start, end) (Python slice rules: negatives count from the end). */
  slice(start = 0, end = this.numRows): Dataset {
    const norm = (x: number): number => Math.min(this.numRows, Math.max(0, x < 0 ? this.numRows + x : x));
    const [s, e] = [norm(start), norm(end)];
    const columns: Columns = {};
    for (const [name, values] of Object.entries(this.#t.columns)) columns[name] = values.slice(s, Math.max(s, e));
    return this.#derive({ columns, numRows: Math.max(0, e - s), fingerprint: fingerprintOf(this.fingerprint, "slice", s, e) });
  }

  /** Rows in a random order; with a seed, the same order as datasets' shuffle(seed=…). */
  shuffle(options: { seed?: number } = {}): Dataset {
    const seed = options.seed ?? randomSeed();
    recordCall("shuffle", { seed: options.seed ?? null });
    return this.select(numpyPermutation(this.numRows, seed)).#withFingerprint(fingerprintOf(this.fingerprint, "shuffle", seed));
  }

  /** Nested struct columns become "parent.child" columns (answers → answers.text, …), as datasets' flatten. */
  flatten(options: { maxDepth?: number } = {}): Dataset {
    const { features, paths } = flattenFeatures(this.features, options.maxDepth ?? 16);
    const columns: Columns = {};
    for (const [name, path] of Object.entries(paths)) {
      const values = this.#t.columns[path[0]];
      columns[name] = path.length === 1 ? values : values.map((v) => path.slice(1).reduce<unknown>((o, k) => (o === null || o === undefined ? null : ((o as Record<string, unknown>)[k] ?? null)), v));
    }
    recordCall("flatten", {});
    return this.#derive({ columns, features, fingerprint: fingerprintOf(this.fingerprint, "flatten", options.maxDepth ?? 16) });
  }

  removeColumns(names: string | string[]): Dataset {
    const drop = typeof names === "string" ? [names] : names;
    const missing = drop.filter((n) => !(n in this.#t.columns));
    if (missing.length) throw new Error(`Columns to remove [${missing.join(", ")}] are not in the dataset. Current columns in the dataset: [${this.columnNames.join(", ")}].`);
    return this.selectColumns(this.columnNames.filter((n) => !drop.includes(n)));
  }

  selectColumns(names: string | string[]): Dataset {
    const keep = typeof names === "string" ? [names] : names;
    const missing = keep.filter((n) => !(n in this.#t.columns));
    if (missing.length) throw new Error(`Columns [${missing.join(", ")}] are not in the dataset. Current columns in the dataset: [${this.columnNames.join(", ")}].`);
    return this.#derive({
      columns: Object.fromEntries(keep.map((n) => [n, this.#t.columns[n]])),
      features: Object.fromEntries(keep.map((n) => [n, this.#t.features[n]])),
      fingerprint: fingerprintOf(this.fingerprint, "selectColumns", keep),
    });
  }

  renameColumn(from: string, to: string): Dataset {
    if (!(from in this.#t.columns)) throw new Error(`Column "${from}" is not in the dataset. Current columns in the dataset: [${this.columnNames.join(", ")}].`);
    if (to in this.#t.columns) throw new Error(`Column "${to}" already exists in the dataset; pick another name.`);
    const rename = <T>(rec: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k === from ? to : k, v]));
    return this.#derive({ columns: rename(this.#t.columns), features: rename(this.#t.features), fingerprint: fingerprintOf(this.fingerprint, "renameColumn", from, to) });
  }

  /**
   * Splits into a DatasetDict {train, test} with datasets' sizes (test = ceil(testSize·n),
   * train = floor(trainSize·n) or the rest) and, for a seed, datasets' exact rows.
   */
  trainTestSplit(options: TrainTestSplitOptions = {}): DatasetDict<"train" | "test"> {
    const n = this.numRows;
    const [nTrain, nTest] = splitSizes(n, options.testSize, options.trainSize);
    const shuffle = options.shuffle ?? true;
    const seed = options.seed ?? randomSeed();
    recordCall("trainTestSplit", { testSize: options.testSize ?? null, trainSize: options.trainSize ?? null, shuffle, seed: options.seed ?? null });
    const order = shuffle ? numpyPermutation(n, seed) : Int32Array.from({ length: n }, (_, i) => (i < nTest ? nTrain + i : i - nTest));
    // datasets takes the test rows first from the permutation, then the train rows.
    const test = this.select(order.subarray(0, nTest)).#withFingerprint(fingerprintOf(this.fingerprint, "trainTestSplit", "test", nTrain, nTest, shuffle, seed));
    const train = this.select(order.subarray(nTest, nTest + nTrain)).#withFingerprint(fingerprintOf(this.fingerprint, "trainTestSplit", "train", nTrain, nTest, shuffle, seed));
    return new DatasetDict({ train, test });
  }

  /** datasets' map: fn(row) or, batched, fn(batch) → new/updated columns; see MapOptions. */
  async map(fn: (input: never, index?: never) => unknown, options: MapOptions = {}): Promise<Dataset> {
    return new Dataset(await mapTable(this.#t, fn, options));
  }

  /** Keeps the rows where fn returns true (batched: a list of booleans per batch). */
  async filter(fn: (input: never, index?: never) => unknown, options: FilterOptions = {}): Promise<Dataset> {
    const call = fn as (input: unknown, index?: unknown) => unknown;
    const batchSize = options.batched ? (options.batchSize ?? 1000) : 1;
    const keep: number[] = [];
    const progress = startProgress(options.desc ?? "Filter", this.numRows, "examples");
    try {
      for (let start = 0; start < this.numRows; start += batchSize) {
        throwIfAborted();
        const end = Math.min(this.numRows, start + batchSize);
        if (options.batched) {
          const verdicts = await call(this.batch(start, end), options.withIndices ? Array.from({ length: end - start }, (_, i) => start + i) : undefined);
          if (!Array.isArray(verdicts) || verdicts.length !== end - start) {
            throw new Error(`filter (batched): the function must return a list of ${end - start} booleans for rows ${start}–${end - 1}, got ${Array.isArray(verdicts) ? `${verdicts.length} values` : typeof verdicts}`);
          }
          verdicts.forEach((v, i) => v && keep.push(start + i));
        } else if (await call(this.row(start), options.withIndices ? start : undefined)) keep.push(start);
        progress.advance(end - start);
      }
    } finally {
      progress.finish();
    }
    return this.select(keep);
  }

  toString(): string {
    return datasetRepr(this.columnNames, this.numRows);
  }

  [inspect.custom](): string {
    return this.toString();
  }

  /** Features printed like datasets' ds.features. */
  featuresRepr(): string {
    return featuresRepr(this.features);
  }

  /** @internal rows of this dataset for a page of the notebook table. */
  page(offset: number, limit: number): Page {
    const start = Math.max(0, Math.min(offset, this.numRows));
    const end = Math.min(this.numRows, start + Math.max(0, limit));
    const names = this.columnNames;
    const rows: unknown[][] = [];
    for (let i = start; i < end; i++) rows.push(names.map((n) => this.#t.columns[n][i]));
    return { offset: start, total: this.numRows, columns: names, rows };
  }

  [REPR_MIMEBUNDLE](ref: string): MimeBundle {
    return bundle("Dataset", ref, this.toString(), [splitView(null, this)]);
  }

  [FETCH_PAGE](_view: string | undefined, offset: number, limit: number): Page {
    return withTokens(this.page(offset, limit));
  }

  #derive(change: Partial<Table>): Dataset {
    const columns = change.columns ?? this.#t.columns;
    const numRows = change.numRows ?? this.#t.numRows;
    const features = change.features ?? Object.fromEntries(Object.keys(columns).map((n) => [n, this.#t.features[n]]));
    return new Dataset({ ...this.#t, ...change, columns, numRows, features });
  }

  #withFingerprint(fingerprint: string): Dataset {
    return new Dataset({ ...this.#t, fingerprint });
  }
}

/** datasets' train_test_split size rules and messages. */
function splitSizes(n: number, testSize: number | undefined, trainSize: number | undefined): [number, number] {
  const check = (name: string, v: number | undefined): void => {
    if (v === undefined) return;
    const ok = Number.isInteger(v) ? v > 0 && v < n : v > 0 && v < 1;
    if (!ok) throw new RangeError(`${name}=${v} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
  };
  if (testSize === undefined && trainSize === undefined) testSize = 0.25;
  check("testSize", testSize);
  check("trainSize", trainSize);
  const frac = (v: number | undefined): boolean => v !== undefined && !Number.isInteger(v);
  if (frac(testSize) && frac(trainSize) && (testSize as number) + (trainSize as number) > 1) {
    throw new RangeError(`The sum of testSize and trainSize = ${(testSize as number) + (trainSize as number)}, should be in the (0, 1) range. Reduce testSize and/or trainSize.`);
  }
  let nTest = testSize === undefined ? undefined : frac(testSize) ? Math.ceil(testSize * n) : testSize;
  let nTrain = trainSize === undefined ? undefined : frac(trainSize) ? Math.floor(trainSize * n) : trainSize;
  if (nTrain === undefined) nTrain = n - (nTest as number);
  if (nTest === undefined) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new RangeError(`The sum of trainSize and testSize = ${nTrain + nTest}, should be smaller than the number of samples ${n}. Reduce testSize and/or trainSize.`);
  }
  if (nTrain === 0) {
    throw new RangeError(`With n_samples=${n}, testSize=${testSize} and trainSize=${trainSize}, the resulting train set would be empty. Adjust the sizes.`);
  }
  return [nTrain, nTest];
}

/**
 * Splits by name: `dd.train` is typed when the split names are known (trainTestSplit gives "train" |
 * "test"). Named here, for Datasets: dataset-dict.ts is generic so that it need not import this file.
 */
export type DatasetDict<S extends string = string> = DatasetDictOf<S, Dataset>;

export const DatasetDict = DatasetDictOf as unknown as {
  new <S extends string>(splits: Record<S, Dataset>): DatasetDict<S>;
  prototype: DatasetDict;
};
