// DatasetDict: named splits (dd.train, dd.test, or dd.get("validation1")), each transform
// applied to every split, as datasets.DatasetDict.
import { inspect } from "node:util";
import { FETCH_PAGE, REPR_MIMEBUNDLE, type Displayable, type MimeBundle, type Pageable } from "../runtime/display";
import type { Page } from "../../api/values";
import { withTokens } from "../runtime/tokens";
import { bundle, datasetDictRepr, splitView } from "./display";
import type { Features } from "./features";
import type { Dataset, FilterOptions, MapOptions } from "./dataset";

class DatasetDictImpl<S extends string = string> implements Displayable, Pageable {
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

  keys(): S[] {
    return [...this.#splits.keys()] as S[];
  }

  get splits(): Record<S, Dataset> {
    return Object.fromEntries(this.#splits) as Record<S, Dataset>;
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

  flatten(options: { maxDepth?: number } = {}): DatasetDict<S> {
    return this.#apply((d) => d.flatten(options));
  }

  shuffle(options: { seed?: number } = {}): DatasetDict<S> {
    return this.#apply((d) => d.shuffle(options));
  }

  removeColumns(names: string | string[]): DatasetDict<S> {
    return this.#apply((d) => d.removeColumns(names));
  }

  selectColumns(names: string | string[]): DatasetDict<S> {
    return this.#apply((d) => d.selectColumns(names));
  }

  renameColumn(from: string, to: string): DatasetDict<S> {
    return this.#apply((d) => d.renameColumn(from, to));
  }

  /** Maps every split in turn (each with numProc workers), as datasets' DatasetDict.map. */
  async map(fn: (input: never, index?: never) => unknown, options: MapOptions = {}): Promise<DatasetDict<S>> {
    const out: Record<string, Dataset> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.map(fn, options);
    return new DatasetDict(out as Record<S, Dataset>);
  }

  async filter(fn: (input: never, index?: never) => unknown, options: FilterOptions = {}): Promise<DatasetDict<S>> {
    const out: Record<string, Dataset> = {};
    for (const [name, ds] of this.#splits) out[name] = await ds.filter(fn, options);
    return new DatasetDict(out as Record<S, Dataset>);
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

  #each<T>(f: (d: Dataset) => T): Record<S, T> {
    return Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)])) as Record<S, T>;
  }

  #apply(f: (d: Dataset) => Dataset): DatasetDict<S> {
    return new DatasetDict(Object.fromEntries([...this.#splits].map(([k, d]) => [k, f(d)])) as Record<S, Dataset>);
  }
}

/** Splits by name: `dd.train` is typed when the split names are known (trainTestSplit gives "train" | "test"). */
export type DatasetDict<S extends string = string> = DatasetDictImpl<S> & { readonly [K in S]: Dataset };

export const DatasetDict = DatasetDictImpl as unknown as {
  new <S extends string>(splits: Record<S, Dataset>): DatasetDict<S>;
  prototype: DatasetDictImpl;
};
