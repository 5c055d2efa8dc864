// Where a dataset's files are: local paths (loadDataset("json", { dataFiles })), a local folder
// (or the bundled sample), or a Hub repo (its own data files, else its Parquet conversion).
// A source lists files per split; Hub files are only downloaded when a split needs them.
import { existsSync, statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { HubOfflineError, RepoNotFoundError, RevisionNotFoundError } from "../hub/errors";
import { hubFile } from "../hub/download";
import { cachedRepoFiles, listRepoFiles, type RepoFile } from "../hub/list";
import { readJsonFile } from "../runtime/json-file";
import { DatasetNotFoundError } from "./errors";
import { featuresFromJson, type Features } from "./features";
import { parquetConversionSplits, splitDataFiles, type DataFile } from "./data-files";
import { cardConfigs, pickCardConfig, resolveCardConfig } from "./readme-configs";
import { BUILDERS, formatOf, type FileFormat } from "./formats/index";

export interface SourceFile {
  format: FileFormat;
  /** Content identity for fingerprints (hub oid, or local path + size + mtime). */
  identity: string;
  /** The file on disk (downloads a Hub file into the cache first). */
  local(): Promise<string>;
}

export interface DatasetSource {
  /** How errors name it: `"org/name" on the Hub`, `the folder …`. */
  description: string;
  splits: Record<string, SourceFile[]>;
  features?: Features;
}

export interface HubAccess {
  revision?: string;
  hubUrl?: string;
  token?: string;
  /** Hub cache folder for downloads. */
  hubCacheDir?: string;
  /** Config of a dataset with several (its card's config_name, or the Parquet conversion's first folder level). */
  config?: string;
}

function localFile(path: string, format: FileFormat): SourceFile {
  const info = statSync(path);
  return { format, identity: `${resolve(path)}:${info.size}:${info.mtimeMs}`, local: async () => path };
}

async function walk(dir: string): Promise<string[]> {
  return ((await readdir(dir, { recursive: true })) as string[]).filter((p) => statSync(join(dir, p)).isFile()).map((p) => p.split("\\").join("/"));
}

/** loadDataset("json" | "parquet" | "csv" | "text", { dataFiles }): paths or folders per split ("train" when not named). */
export async function builderSource(builder: FileFormat, dataFiles: string | string[] | Record<string, string | string[]> | undefined): Promise<DatasetSource> {
  if (dataFiles === undefined) {
    throw new Error(`loadDataset("${builder}") needs dataFiles: a path, a list of paths, or { train: ..., test: ... }.`);
  }
  const bySplit: Record<string, string[]> = typeof dataFiles === "string" || Array.isArray(dataFiles) ? { train: [dataFiles].flat() } : Object.fromEntries(Object.entries(dataFiles).map(([k, v]) => [k, [v].flat()]));
  const splits: Record<string, SourceFile[]> = {};
  for (const [split, paths] of Object.entries(bySplit)) {
    splits[split] = [];
    for (const p of paths) {
      if (!existsSync(p)) throw new Error(`Data file "${p}" does not exist (dataFiles of loadDataset("${builder}")). Check the path; relative paths start from ${process.cwd()}.`);
      const files = statSync(p).isDirectory() ? (await walk(p)).filter((f) => formatOf(f) === builder).map((f) => join(p, f)) : [p];
      splits[split].push(...files.map((f) => localFile(f, builder)));
    }
  }
  return { description: `the ${builder} files ${JSON.stringify(dataFiles)}`, splits };
}

/** A local folder of data files; dataset_info.json beside them gives the features (as the bundled sample has). */
export async function folderSource(folder: string, label = `the folder ${folder}`): Promise<DatasetSource> {
  const paths = await walk(folder);
  const split = splitDataFiles(paths);
  if (Object.keys(split).length === 0) throw new DatasetNotFoundError(folder, `${label} holds no Parquet, JSON, CSV or text files`);
  return {
    description: label,
    splits: Object.fromEntries(Object.entries(split).map(([s, files]) => [s, files.map((f) => localFile(join(folder, f.path), f.format))])),
    features: await folderFeatures(folder),
  };
}

async function folderFeatures(folder: string): Promise<Features | undefined> {
  for (const name of ["dataset_info.json", "dataset_infos.json"]) {
    const path = join(folder, name);
    if (!existsSync(path)) continue;
    const info = (await readJsonFile(path, `Fix the file (its "features" describe the columns), or delete it to have the columns inferred.`)) as Record<string, unknown>;
    const features = info.features ?? (Object.values(info)[0] as { features?: unknown } | undefined)?.features;
    if (features) return featuresFromJson(features, `${relative(process.cwd(), path)} features`);
  }
  return undefined;
}

/**
 * A Hub dataset repo, read the way datasets reads it: the repo's own data files at the revision
 * (as its card's `configs:` name them, else by datasets' file-name patterns); for a repo built by
 * a loading script (never run here), or one without data files, the Hub's Parquet conversion
 * of its main branch (refs/convert/parquet).
 */
export async function hubSource(repoId: string, access: HubAccess): Promise<DatasetSource> {
  const common = { repoType: "dataset" as const, hubUrl: access.hubUrl, token: access.token, cacheDir: access.hubCacheDir };
  const description = `"${repoId}" on the Hub`;
  const revision = access.revision ?? "main";
  const toFile = (rev: string, f: DataFile, entry: RepoFile | undefined): SourceFile => ({
    format: f.format,
    identity: `${repoId}:${rev}:${f.path}:${entry?.oid ?? ""}`,
    local: () => hubFile(repoId, f.path, { ...common, revision: rev }),
  });
  const sourceOf = (rev: string, files: RepoFile[], splits: Record<string, DataFile[]>, features?: Features, note = ""): DatasetSource => {
    const byPath = new Map(files.map((f) => [f.path, f]));
    return { description: description + note, splits: Object.fromEntries(Object.entries(splits).map(([s, fs]) => [s, fs.map((f) => toFile(rev, f, byPath.get(f.path)))])), features };
  };

  // Offline with nothing of the revision cached, the conversion's cache may still serve.
  let offline: HubOfflineError | null = null;
  let ownFromCache = false;
  const own = await listing(repoId, { ...common, revision }, false, () => (ownFromCache = true)).catch((error: unknown) => {
    if (!(error instanceof HubOfflineError)) throw error;
    offline = error;
    return null;
  });
  const script = `${repoId.split("/").at(-1)}.py`;
  const hasScript = own?.some((f) => f.path === script) ?? false;
  if (own && !hasScript) {
    const readme = own.find((f) => f.path === "README.md");
    const configs = readme ? cardConfigs(await readFile(await hubFile(repoId, readme.path, { ...common, revision }), "utf8"), `${repoId}/README.md`) : [];
    const paths = own.map((f) => f.path);
    const splits = configs.length > 0 ? resolveCardConfig(pickCardConfig(configs, access.config, `${repoId}/README.md`, repoId), paths, `${repoId}/README.md`, ownFromCache) : splitDataFiles(paths);
    if (Object.keys(splits).length > 0) {
      const info = own.find((f) => f.path === "dataset_info.json");
      const features = info ? featuresFromJson((JSON.parse(await readFile(await hubFile(repoId, info.path, { ...common, revision }), "utf8")) as { features: unknown }).features) : undefined;
      return sourceOf(revision, own, splits, features);
    }
  }

  const why = hasScript ? `is built by a loading script (${script}), which this app never runs (no code from a download is run)` : "has no data files datasets can read (Parquet, JSON, CSV, text)";
  if (revision !== "main") {
    throw new DatasetNotFoundError(repoId, `${description} ${why} at revision "${revision}", and the Hub's Parquet conversion is of the main branch only: load it without a revision`);
  }
  const conversion = await listing(repoId, { ...common, revision: "refs/convert/parquet" }, true).catch((error: unknown) => {
    throw error instanceof HubOfflineError && offline ? offline : error;
  });
  const configs = parquetConversionSplits(conversion?.map((f) => f.path) ?? []);
  const names = Object.keys(configs);
  if (names.length === 0) {
    if (offline) throw offline;
    throw new DatasetNotFoundError(repoId, `${description} ${why}, and it has no Parquet conversion`);
  }
  const config = access.config ?? (configs.default ? "default" : names.length === 1 ? names[0] : null);
  if (config === null || !configs[config]) {
    throw new Error(
      `${access.config ? `Config "${access.config}" is not in` : "Pick a config of"} ${description}: its configs are ${names.map((n) => `"${n}"`).join(", ")}. ` +
        `Pass one as loadDataset("${repoId}", { name: "${names[0]}" }).`,
    );
  }
  const partial = Object.entries(configs[config]).filter(([, s]) => s.partial).map(([name]) => name);
  if (partial.length > 0) {
    console.warn(
      `${description}: the Hub's Parquet conversion of ${partial.map((n) => `"${n}"`).join(", ")} is partial (partial-${partial[0]}/): ` +
        "the Hub converted only the first rows of a large split, so it has fewer rows than the dataset itself.",
    );
  }
  const splits = Object.fromEntries(Object.entries(configs[config]).map(([name, s]) => [name, s.files]));
  return sourceOf("refs/convert/parquet", conversion!, splits, undefined, partial.length > 0 ? ` (partial Parquet conversion of ${partial.join(", ")})` : "");
}

/** Lists a revision; null when it does not exist (optional); offline, the cached snapshot's files (and `fromCache` is called). */
async function listing(repoId: string, options: Parameters<typeof listRepoFiles>[1] & { revision: string }, optional: boolean, fromCache?: () => void): Promise<RepoFile[] | null> {
  try {
    return await listRepoFiles(repoId, options);
  } catch (error) {
    if (error instanceof RevisionNotFoundError && optional) return null;
    if (error instanceof RepoNotFoundError && error.status === 404) {
      throw new DatasetNotFoundError(repoId, `the Hub at ${options.hubUrl ?? "huggingface.co"} has no dataset repository "${repoId}" (HTTP 404)`);
    }
    if (error instanceof HubOfflineError) {
      const cached = await cachedRepoFiles(repoId, options);
      if (cached) {
        fromCache?.();
        return cached;
      }
    }
    throw error;
  }
}

export function isBuilder(name: string): name is FileFormat {
  return (BUILDERS as readonly string[]).includes(name);
}
