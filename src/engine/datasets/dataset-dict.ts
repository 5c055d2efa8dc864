// DatasetDict: named splits (dd.train, dd.test, or dd.get("validation1")), each transform
// applied to every split, as datasets.DatasetDict.
import { inspect } from "node:util";
import { FETCH_PAGE, REPR_MIMEBUNDLE, type Displayable, type MimeBundle, type PageRows, type Pageable } from "../runtime/display";
import { bundle, datasetDictRepr, splitView } from "./display";
import type { Features } from "./features";
import type { Dataset, FilterOptions, MapOptions } from "./dataset";

class DatasetDictImpl implements Displayable, Pageable {
  readonly #splits: Map<string, Dataset>;

  constructor(splits: Record<string, Dataset>) {
    this.#splits = new Map(Object.entries(splits));
    for (const name of this.#splits.keys()) {
      // Splits read like attributes (dd.train); a split named like a method stays reachable through get().
      if (!(name in this)) Object.defineProperty(this, name, { get: () => this.#splits.get(name), enumerable: true });
    }
  }

  /** One split; the error lists the splits there are. */
  get(split: string): Dataset {
    const ds = this.#splits.get(split);
    if (!ds) throw new Error(`Split "${split}" is not in this DatasetDict. Its splits are: ${this.keys().join(", ")}`);
    return ds;
  }

  keys(): string[] {
    return [...this.#splits.keys()];
  }

  get splits(): Record<string, Dataset> {
    return Object.fromEntries(this.#splits);
  }

  get numRows(): Record<string, number> {
    return this.#each((d) => d.numRows);
  }

  get columnNames(): Record<string, string[]> {
    return this.#each((d) => d.columnNames);
  }

  get features(): Record<string, Features> {
    return this.#each((d) => d.features);
  }

  get shape(): Record<string, [number, number]> {
    return this.#each((d) => d.shape);
  }

  flatten(options: { maxDepth?: number } = {}): DatasetDict {
    return this.#apply((d) => d.flatten(options));
  }

  shuffle(options: { seed?: number } = {}): DatasetDict {
    return this.#apply((d) => d.shuffle(options));
  }

  removeColumns(names: string | string[]): DatasetDict {
    return this.#apply((d) => d.removeColumns(names));
  }

  selectColumns(names: string | string[]): DatasetDict {
    return this.#apply((d) => d.selectColumns(names));
  }

  renameColumn(from: string, to: string): DatasetDict {
    return this.#apply((d) => d.renameColumn(from, to));
  }

  /** Maps every split in turn (each with numProc workers), as datasets' DatasetDict.map. */
  async map(fn: (input: never, index?: never) => unknown, options: MapOptions = {}): Promise<DatasetDict> {
    const out: Record<string, Dataset> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.map(fn, options);
    return new DatasetDict(out);
  }

  async filter(fn: (input: never, index?: never) => unknown, options: FilterOptions = {}): Promise<DatasetDict> {
    const out: Record<string, Dataset> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.filter(fn, options);
    return new DatasetDict(out);
  }

  toString(): string {
    return datasetDictRepr([...this.#splits]);
  }

  [inspect.custom](): string {
    return this.toString();
  }

  [REPR_MIMEBUNDLE](ref: string): MimeBundle {
    return bundle("DatasetDict", ref, this.toString(), [...this.#splits].map(([name, d]) => splitView(name, d)));
  }

  [FETCH_PAGE](view: string | undefined, offset: number, limit: number): PageRows {
    return this.get(view ?? this.keys()[0]).page(offset, limit);
  }

  #each<T>(f: (d: Dataset) => T): Record<string, T> {
    return Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)]));
  }

  #apply(f: (d: Dataset) => Dataset): DatasetDict {
    return new DatasetDict(Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)])));
  }
}

/** Splits by name: `dd.train` is typed when the split names are known (trainTestSplit gives "train" | "test"). */
export type DatasetDict<S extends string = string> = DatasetDictImpl & { readonly [K in S]: Dataset };

export const DatasetDict = DatasetDictImpl as unknown as {
  new <S extends string>(splits: Record<S, Dataset>): DatasetDict<S>;
  prototype: DatasetDictImpl;
};
