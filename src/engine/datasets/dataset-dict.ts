// DatasetDict: named splits (dd.train, dd.test, or dd.get("validation1")), each transform
// applied to every split, as datasets.DatasetDict. Generic over the split type, so this file does
// not import dataset.ts (which imports it for trainTestSplit); dataset.ts names the Dataset one.
import { inspect } from "node:util";
import { FETCH_PAGE, REPR_MIMEBUNDLE, type Displayable, type MimeBundle, type Pageable } from "../runtime/display";
import type { Page } from "../../api/values";
import { withTokens } from "../runtime/tokens";
import { bundle, datasetDictRepr, splitView, type TableView } from "./display";
import type { Features } from "./features";
import type { FilterOptions, MapOptions } from "./map";

/** What a DatasetDict asks of each split; Dataset has all of it (the compiler checks, in dataset.ts). */
export interface DatasetSplit<D> extends TableView {
  readonly shape: [number, number];
  flatten(options: { maxDepth?: number }): D;
  shuffle(options: { seed?: number }): D;
  removeColumns(names: string | string[]): D;
  selectColumns(names: string | string[]): D;
  renameColumn(from: string, to: string): D;
  map(fn: (input: never, index?: never) => unknown, options: MapOptions): Promise<D>;
  filter(fn: (input: never, index?: never) => unknown, options: FilterOptions): Promise<D>;
}

class DatasetDictImpl<S extends string, D extends DatasetSplit<D>> implements Displayable, Pageable {
  readonly #splits: Map<string, D>;

  constructor(splits: Record<string, D>) {
    this.#splits = new Map(Object.entries(splits));
    for (const name of this.#splits.keys()) {
      // Splits read like attributes (dd.train); a split named like a method stays reachable through get().
      if (!(name in this)) Object.defineProperty(this, name, { get: () => this.#splits.get(name), enumerable: true });
    }
  }

  /** One split; the error lists the splits there are. */
  get(split: string): D {
    const ds = this.#splits.get(split);
    if (!ds) throw new Error(`Split "${split}" is not in this DatasetDict. Its splits are: ${this.keys().join(", ")}`);
    return ds;
  }

  keys(): S[] {
    return [...this.#splits.keys()] as S[];
  }

  get splits(): Record<S, D> {
    return Object.fromEntries(this.#splits) as Record<S, D>;
  }

  get numRows(): Record<S, number> {
    return this.#each((d) => d.numRows);
  }

  get columnNames(): Record<S, string[]> {
    return this.#each((d) => d.columnNames);
  }

  get features(): Record<S, Features> {
    return this.#each((d) => d.features);
  }

  get shape(): Record<S, [number, number]> {
    return this.#each((d) => d.shape);
  }

  flatten(options: { maxDepth?: number } = {}): DatasetDictOf<S, D> {
    return this.#apply((d) => d.flatten(options));
  }

  shuffle(options: { seed?: number } = {}): DatasetDictOf<S, D> {
    return this.#apply((d) => d.shuffle(options));
  }

  removeColumns(names: string | string[]): DatasetDictOf<S, D> {
    return this.#apply((d) => d.removeColumns(names));
  }

  selectColumns(names: string | string[]): DatasetDictOf<S, D> {
    return this.#apply((d) => d.selectColumns(names));
  }

  renameColumn(from: string, to: string): DatasetDictOf<S, D> {
    return this.#apply((d) => d.renameColumn(from, to));
  }

  /** Maps every split in turn (each with numProc workers), as datasets' DatasetDict.map. */
  async map(fn: (input: never, index?: never) => unknown, options: MapOptions = {}): Promise<DatasetDictOf<S, D>> {
    const out: Record<string, D> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.map(fn, options);
    return newDict(out as Record<S, D>);
  }

  async filter(fn: (input: never, index?: never) => unknown, options: FilterOptions = {}): Promise<DatasetDictOf<S, D>> {
    const out: Record<string, D> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.filter(fn, options);
    return newDict(out as Record<S, D>);
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

  [FETCH_PAGE](view: string | undefined, offset: number, limit: number): Page {
    return withTokens(this.get(view ?? this.keys()[0]).page(offset, limit));
  }

  #each<T>(f: (d: D) => T): Record<S, T> {
    return Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)])) as Record<S, T>;
  }

  #apply(f: (d: D) => D): DatasetDictOf<S, D> {
    return newDict(Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)])) as Record<S, D>);
  }
}

/** Splits by name: `dd.train` is typed when the split names are known (trainTestSplit gives "train" | "test"). */
export type DatasetDictOf<S extends string, D extends DatasetSplit<D>> = DatasetDictImpl<S, D> & { readonly [K in S]: D };

export const DatasetDictOf = DatasetDictImpl;

function newDict<S extends string, D extends DatasetSplit<D>>(splits: Record<S, D>): DatasetDictOf<S, D> {
  return new DatasetDictImpl<S, D>(splits) as DatasetDictOf<S, D>;
}
