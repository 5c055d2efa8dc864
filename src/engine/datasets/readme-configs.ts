// The `configs:` of a dataset card's YAML header (README.md), as datasets reads them: each config
// names its data files per split (patterns, under an optional data_dir), and one may be the default.
//   configs:
//   - config_name: default
//     data_files:
//     - split: train
//       path: "data/train-*.parquet"
//     - split: validation2
//       path: ["extra/v2a.csv", "extra/v2b.csv"]
import { parse } from "yaml";
import { globToRegExp, readableDataFiles, type DataFile } from "./data-files";

export interface CardConfig {
  name: string;
  default: boolean;
  /** Split → patterns, relative to the repo root (data_dir already joined). */
  patterns: Record<string, string[]>;
}

export class DatasetCardError extends Error {
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}. Fix the YAML header of the dataset card (see "Manual configuration" in the datasets docs), or load the files with loadDataset("parquet" | "json" | "csv", { dataFiles }).`);
    this.name = "DatasetCardError";
  }
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** The configs of a card; an empty list when it has no YAML header or no `configs:`. */
export function cardConfigs(readme: string, source: string): CardConfig[] {
  const header = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(readme);
  if (!header) return [];
  let yaml: unknown;
  try {
    yaml = parse(header[1]);
  } catch (error) {
    throw new DatasetCardError(source, `its YAML header does not parse (${(error as Error).message.split("\n")[0]})`);
  }
  const configs = (yaml as { configs?: unknown } | null)?.configs;
  if (configs === undefined || configs === null) return [];
  if (!Array.isArray(configs)) throw new DatasetCardError(source, "`configs` must be a list of { config_name, data_files }");
  return configs.map((raw, i) => {
    const c = raw as { config_name?: unknown; data_files?: unknown; data_dir?: unknown; default?: unknown };
    const name = typeof c?.config_name === "string" ? c.config_name : "default";
    const dir = typeof c?.data_dir === "string" ? `${c.data_dir.replace(/\/+$/, "")}/` : "";
    const patterns: Record<string, string[]> = {};
    const add = (split: unknown, paths: unknown): void => {
      if (typeof split !== "string" || asList(paths).some((p) => typeof p !== "string")) {
        throw new DatasetCardError(source, `configs[${i}] ("${name}") has data_files that are not { split: name, path: pattern or list }`);
      }
      (patterns[split] ??= []).push(...(asList(paths) as string[]).map((p) => dir + p));
    };
    const files = c?.data_files ?? (dir ? "**" : undefined);
    if (files === undefined) throw new DatasetCardError(source, `configs[${i}] ("${name}") has no data_files`);
    if (typeof files === "string" || (Array.isArray(files) && files.every((f) => typeof f === "string"))) add("train", files);
    else if (Array.isArray(files)) for (const f of files) add((f as { split?: unknown })?.split, (f as { path?: unknown })?.path);
    else if (typeof files === "object") for (const [split, paths] of Object.entries(files as Record<string, unknown>)) add(split, paths);
    else throw new DatasetCardError(source, `configs[${i}] ("${name}") has data_files of an unknown form`);
    return { name, default: c?.default === true, patterns };
  });
}

/** The config to load: the one asked for, else the card's default, else "default", else the only one. */
export function pickCardConfig(configs: CardConfig[], asked: string | undefined, source: string, repoId: string): CardConfig {
  const names = configs.map((c) => `"${c.name}"`).join(", ");
  const chosen = asked !== undefined ? configs.find((c) => c.name === asked) : (configs.find((c) => c.default) ?? configs.find((c) => c.name === "default") ?? (configs.length === 1 ? configs[0] : undefined));
  if (!chosen) {
    throw new DatasetCardError(source, `${asked !== undefined ? `has no config "${asked}"` : "names several configs and no default"}: its configs are ${names}. Pass one as loadDataset("${repoId}", { name: "${configs[0].name}" })`);
  }
  return chosen;
}

/**
 * Each split's files: the repo paths its patterns match. An unmatched pattern is an error, as in
 * datasets, unless `paths` are only the cached ones (offline): then a split never downloaded is left out.
 */
export function resolveCardConfig(config: CardConfig, paths: string[], source: string, onlyCached: boolean): Record<string, DataFile[]> {
  const out: Record<string, DataFile[]> = {};
  splits: for (const [split, patterns] of Object.entries(config.patterns)) {
    const matched = new Set<string>();
    for (const pattern of patterns) {
      const re = globToRegExp(pattern);
      const hits = paths.filter((p) => re.test(p));
      if (hits.length === 0 && onlyCached) continue splits;
      if (hits.length === 0) throw new DatasetCardError(source, `config "${config.name}", split "${split}": no file matches "${pattern}"`);
      for (const h of hits) matched.add(h);
    }
    out[split] = readableDataFiles([...matched]);
    if (out[split].length === 0) throw new DatasetCardError(source, `config "${config.name}", split "${split}": its files are in no format this app reads (Parquet, JSON, CSV, text)`);
  }
  return out;
}
