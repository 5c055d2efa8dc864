// Which split a data file belongs to, from its path, following datasets' default patterns: first
// the sharded names push_to_hub writes ("data/validation1-00000-of-00001.parquet": any split name,
// kept as it is), else a split keyword as a word of the file or folder name ("train.jsonl",
// "validation/part.csv", "valid1.csv" → validation); with no keyword anywhere, every file is "train".
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

/** datasets' SPLIT_PATTERN_SHARDED, data/{split}-[0-9]{5}-of-[0-9]{5}*.*, with its split-name rule. */
const SHARDED = /^data\/(\w+(?:\.\w+)*)-\d{5}-of-\d{5}[^/]*\.[^/]*$/;

/** train, validation, test first, then the other splits by name, as datasets orders them. */
function ordered<T>(splits: Record<string, T>): Record<string, T> {
  const known = Object.keys(KEYWORDS).filter((k) => splits[k]);
  const rest = Object.keys(splits).filter((k) => !KEYWORDS[k]).sort();
  return Object.fromEntries([...known, ...rest].map((k) => [k, splits[k]]));
}

/** Groups data files by split; files that are not data (README, dotfiles, metadata) are skipped. */
export function splitDataFiles(paths: string[]): Record<string, DataFile[]> {
  const data = readableDataFiles(paths);
  const sharded: Record<string, DataFile[]> = {};
  for (const f of data) {
    const m = SHARDED.exec(f.path);
    if (m) (sharded[m[1]] ??= []).push(f);
  }
  if (Object.keys(sharded).length > 0) return ordered(sharded);
  const out: Record<string, DataFile[]> = {};
  const anyKeyword = data.some((f) => splitOfPath(f.path) !== null);
  for (const f of data) {
    const split = anyKeyword ? splitOfPath(f.path) : "train";
    if (split) (out[split] ??= []).push(f);
  }
  return ordered(out);
}

/** The data files among `paths`, sorted, in the one format datasets would infer for them. */
export function readableDataFiles(paths: string[]): DataFile[] {
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
  return data.filter((f) => f.format === format);
}

export interface ConversionSplit {
  files: DataFile[];
  /** The conversion stopped early (`partial-{split}/`): the split has only its first rows. */
  partial: boolean;
}

/** `{config}/{split}/NNNN.parquet` (and `{config}/partial-{split}/…`) files of a refs/convert/parquet listing, by config and split. */
export function parquetConversionSplits(paths: string[]): Record<string, Record<string, ConversionSplit>> {
  const configs: Record<string, Record<string, ConversionSplit>> = {};
  for (const path of [...paths].sort()) {
    const m = /^([^/]+)\/(partial-)?([^/]+)\/[^/]+\.parquet$/.exec(path);
    if (!m) continue;
    const split = ((configs[m[1]] ??= {})[m[3]] ??= { files: [], partial: false });
    split.files.push({ path, format: "parquet" });
    split.partial ||= m[2] !== undefined;
  }
  return Object.fromEntries(Object.entries(configs).map(([name, splits]) => [name, ordered(splits)]));
}

/**
 * A data_files pattern as a RegExp, with fsspec's glob rules that datasets uses: `*` and `?` within
 * one path segment, `**` across segments, `[...]` a character class. Hand-written as datasets' own
 * glob_pattern_to_regex is: the glob libraries' rules (braces, extglobs, dotfiles) differ from these.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      const slash = pattern[i + 2] === "/";
      out += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\/]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
