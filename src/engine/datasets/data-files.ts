// Which split a data file belongs to, from its path, following datasets' default patterns:
// a split keyword as a word of the file or folder name ("train.jsonl", "data/test-00000-of-00001.parquet",
// "validation/part.csv"); with no keyword anywhere, every file is "train".
import { formatOf, type FileFormat } from "./formats/index";

const KEYWORDS: Record<string, string[]> = {
  train: ["train", "training"],
  validation: ["validation", "valid", "dev", "val"],
  test: ["test", "testing", "eval", "evaluation"],
};

export interface DataFile {
  /** Path inside the repo or folder. */
  path: string;
  format: FileFormat;
}

function splitOfPath(path: string): string | null {
  const words = path.toLowerCase().split(/[-._ /0-9]+/);
  for (const [split, keys] of Object.entries(KEYWORDS)) if (keys.some((k) => words.includes(k))) return split;
  return null;
}

/** Groups data files by split; files that are not data (README, dotfiles, metadata) are skipped. */
export function splitDataFiles(paths: string[]): Record<string, DataFile[]> {
  const data = paths
    .filter((p) => !p.split("/").some((part) => part.startsWith(".") || part.startsWith("_")))
    .filter((p) => !/(^|\/)(dataset_info|dataset_infos)\.json$/.test(p))
    .flatMap((p) => {
      const format = formatOf(p);
      return format ? [{ path: p, format }] : [];
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  // One format per dataset, as datasets infers one builder: the most common one wins.
  const counts = new Map<FileFormat, number>();
  for (const f of data) counts.set(f.format, (counts.get(f.format) ?? 0) + 1);
  const format = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  const files = data.filter((f) => f.format === format);
  const out: Record<string, DataFile[]> = {};
  const anyKeyword = files.some((f) => splitOfPath(f.path) !== null);
  for (const f of files) {
    const split = anyKeyword ? splitOfPath(f.path) : "train";
    if (split) (out[split] ??= []).push(f);
  }
  return out;
}

/** `{config}/{split}/NNNN.parquet` (and `partial-{split}`) files of a refs/convert/parquet listing, for one config. */
export function parquetConversionSplits(paths: string[]): Record<string, Record<string, DataFile[]>> {
  const configs: Record<string, Record<string, DataFile[]>> = {};
  for (const path of [...paths].sort()) {
    const m = /^([^/]+)\/(?:partial-)?([^/]+)\/[^/]+\.parquet$/.exec(path);
    if (m) ((configs[m[1]] ??= {})[m[2]] ??= []).push({ path, format: "parquet" });
  }
  return configs;
}
