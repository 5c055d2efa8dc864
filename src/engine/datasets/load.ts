// loadDataset: the name picks the source (a builder with dataFiles, a local folder, a bundled
// sample, else a Hub repo); the split string picks rows, reading only the files it needs.
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { throwIfAborted } from "../runtime/abort";
import { recordCall } from "../runtime/record";
import { startProgress } from "../runtime/progress";
import { datasetsCacheDir } from "../hub/paths";
import { bundledDatasetFolder } from "./bundled";
import { DatasetNotFoundError } from "./errors";
import { Dataset, DatasetDict } from "./dataset";
import { toFeatures, type Features, type FeaturesJson } from "./features";
import { fingerprintOf } from "./fingerprint";
import { formatOf, readRange, type TableChunk } from "./formats/index";
import type { Columns } from "./map-core";
import { builderSource, folderSource, hubSource, isBuilder, type DatasetSource, type SourceFile } from "./sources";
import { SplitNoDataError, UnknownSplitError, needsTotal, parseSplit, sliceRange, type SplitSlice } from "./split";

export interface LoadDatasetOptions {
  /** "train", "train[:5000]", "train[:10%]+test", …; without it, every split (a DatasetDict). */
  split?: string;
  /** Config name, for Hub datasets with several. */
  name?: string;
  /** Branch, tag or commit of a Hub repo's own files. Default "main". */
  revision?: string;
  /** With a builder name ("json", "parquet", "csv", "text"): a path or folder, a list, or { split: paths }. */
  dataFiles?: string | string[] | Record<string, string | string[]>;
  /**
   * Cache root, like datasets' cache_dir: map results go to <cacheDir>/mlm-notebook/maps and, when given,
   * Hub downloads to <cacheDir>/hub. Default: HF_DATASETS_CACHE for map results and the shared
   * Hugging Face hub cache (HF_HUB_CACHE) for downloads, so Python and this app share files.
   */
  cacheDir?: string;
  hubUrl?: string;
  /** Default: HF_TOKEN or the stored login. */
  token?: string;
  /** Column types to use instead of the stored or inferred ones. */
  features?: Features | FeaturesJson;
}

export function loadDataset(name: string, options: LoadDatasetOptions & { split: string }): Promise<Dataset>;
export function loadDataset(name: string, options?: LoadDatasetOptions): Promise<DatasetDict>;
export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<Dataset | DatasetDict> {
  recordCall("loadDataset", { path: name, split: options.split ?? null, name: options.name ?? null, revision: options.revision ?? null, dataFiles: options.dataFiles ?? null });
  const slices = options.split === undefined ? null : parseSplit(options.split);
  const source = await resolveSource(name, options);
  const features = options.features ? toFeatures(options.features) : source.features;
  const mapCacheDir = join(options.cacheDir ?? datasetsCacheDir(), "mlm-notebook", "maps");
  const available = Object.keys(source.splits);
  for (const s of slices ?? []) if (!source.splits[s.split]) throw new UnknownSplitError(s.split, available, source.description);

  const readers = new Map<string, SplitReader>();
  const reader = (split: string): SplitReader => {
    let r = readers.get(split);
    if (!r) readers.set(split, (r = new SplitReader(source.splits[split], features)));
    return r;
  };
  const identity = (split: string): string[] => source.splits[split].map((f) => f.identity);

  if (slices === null) {
    const out: Record<string, Dataset> = {};
    for (const split of available) {
      const chunk = await reader(split).read(0, Infinity);
      out[split] = toDataset(chunk, fingerprintOf("load", identity(split), split, features ?? null), mapCacheDir);
    }
    return new DatasetDict(out);
  }
  const chunks: TableChunk[] = [];
  for (const s of slices) {
    const r = reader(s.split);
    const [from, to] = needsTotal(s) ? sliceRange(s, await r.count()) : [s.from ?? 0, s.to ?? Infinity];
    const chunk = await r.read(from, to);
    if (chunk.numRows === 0 && (s.from !== null || s.to !== null)) {
      const total = await r.count();
      if (to <= from) console.warn(`loadDataset: "${sliceText(s)}" selects no rows: its end (${to}) is ${to === from ? "its start" : `before its start (${from})`}. Did you mean "${sliceText({ ...s, from: s.to, to: s.from })}"?`);
      else if (from >= total) throw new SplitNoDataError(options.split!, s.split, from, total);
    }
    chunks.push(chunk);
  }
  return toDataset(concat(chunks), fingerprintOf("load", slices.map((s) => identity(s.split)), options.split, features ?? null), mapCacheDir);
}

async function resolveSource(name: string, options: LoadDatasetOptions): Promise<DatasetSource> {
  if (isBuilder(name)) return builderSource(name, options.dataFiles);
  if (existsSync(name) && statSync(name).isDirectory()) return folderSource(name);
  const bundled = bundledDatasetFolder(name);
  if (bundled) return folderSource(bundled, `the bundled dataset "${name}"`);
  // As datasets does, a name that is a path on disk is never sent to the Hub.
  if (existsSync(name)) throw new DatasetNotFoundError(name, `${resolve(name)} is a file, not a folder: load it with loadDataset("${formatOf(name) ?? "json"}", { dataFiles: ${JSON.stringify(name)} })`);
  if (looksLikePath(name)) throw new DatasetNotFoundError(name, `the local path ${resolve(name)} does not exist`);
  return hubSource(name, {
    revision: options.revision,
    hubUrl: options.hubUrl,
    token: options.token,
    config: options.name,
    hubCacheDir: options.cacheDir ? join(options.cacheDir, "hub") : undefined,
  });
}

/** "./x", "/x", "~/x", "a\\b" or "a/b/c": a Hub id is "name" or "org/name". */
function looksLikePath(name: string): boolean {
  return /^[.~/]/.test(name) || name.includes("\\") || name.split("/").length > 2;
}

/** One slice as the split string wrote it, e.g. train[5:2] or test[:10%]. */
function sliceText(s: SplitSlice): string {
  const bound = (b: number | null): string => (b === null ? "" : `${b}${s.unit === "%" ? "%" : ""}`);
  return `${s.split}[${bound(s.from)}:${bound(s.to)}]`;
}

/** Reads row ranges of one split across its files, downloading and decoding only the files (and rows) the range touches. */
class SplitReader {
  readonly #counts: (number | null)[];

  constructor(
    readonly files: SourceFile[],
    readonly features: Features | undefined,
  ) {
    this.#counts = files.map(() => null);
  }

  async count(): Promise<number> {
    let n = 0;
    for (let i = 0; i < this.files.length; i++) {
      let c = this.#counts[i];
      if (c === null) {
        const file = this.files[i];
        this.#counts[i] = c = (await readRange(await file.local(), file.format, 0, 0, this.features)).total;
      }
      n += c;
    }
    return n;
  }

  async read(from: number, to: number): Promise<TableChunk> {
    const parts: TableChunk[] = [];
    const progress = startProgress("Loading data files", this.files.length, "files");
    try {
      let offset = 0;
      for (let i = 0; i < this.files.length && offset < to; i++) {
        throwIfAborted();
        const known = this.#counts[i];
        if (known !== null && from >= offset + known) {
          offset += known;
          continue;
        }
        const file = this.files[i];
        const { chunk, total } = await readRange(await file.local(), file.format, Math.max(from - offset, 0), to - offset, this.features);
        this.#counts[i] = total;
        if (chunk.numRows > 0 || parts.length === 0) parts.push(chunk);
        offset += total;
        progress.advance();
      }
    } finally {
      progress.finish();
    }
    const table = concat(parts);
    return this.features ? { ...table, features: this.features } : table;
  }
}

function concat(parts: TableChunk[]): TableChunk {
  if (parts.length === 1) return parts[0];
  const features = parts[0]?.features ?? {};
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.columns)))];
  const columns: Columns = Object.fromEntries(names.map((n) => [n, parts.flatMap((p) => p.columns[n] ?? new Array(p.numRows).fill(null))]));
  return { columns, features: Object.fromEntries(names.map((n) => [n, features[n] ?? parts.find((p) => p.features[n])!.features[n]])), numRows: parts.reduce((s, p) => s + p.numRows, 0) };
}

function toDataset(chunk: TableChunk, fingerprint: string, cacheDir: string): Dataset {
  const names = Object.keys(chunk.features).filter((n) => n in chunk.columns);
  const columns = Object.fromEntries(names.map((n) => [n, chunk.columns[n]]));
  const features = Object.fromEntries(names.map((n) => [n, chunk.features[n]]));
  return new Dataset({ columns, features, numRows: chunk.numRows, fingerprint, cacheDir });
}
