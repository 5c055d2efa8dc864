// Which reader a data file needs (by extension, ignoring a trailing .gz) and reading it.
import type { Features } from "../features";
import { parquetRowCount, readParquet } from "./parquet";
import { readCsv, readJson, readText, sliceChunk } from "./text-formats";
import type { TableChunk } from "./table-chunk";

export type { TableChunk };
export type FileFormat = "parquet" | "json" | "csv" | "text";

const EXTENSIONS: Record<string, FileFormat> = { parquet: "parquet", json: "json", jsonl: "json", ndjson: "json", csv: "csv", txt: "text", text: "text" };

export function formatOf(path: string): FileFormat | null {
  const m = /\.([a-z]+)(?:\.gz)?$/i.exec(path);
  return m ? (EXTENSIONS[m[1].toLowerCase()] ?? null) : null;
}

/** Builder names loadDataset accepts for local files, as in datasets. */
export const BUILDERS: readonly FileFormat[] = ["parquet", "json", "csv", "text"];

/**
 * Rows [start, end) of a file and its total row count. Parquet decodes only those rows and JSON
 * Lines parses only those lines; CSV and text are parsed whole and sliced.
 */
export async function readRange(path: string, format: FileFormat, start: number, end: number, features?: Features): Promise<{ chunk: TableChunk; total: number }> {
  if (format === "parquet") {
    const total = await parquetRowCount(path);
    return { chunk: start < Math.min(end, total) ? await readParquet(path, start, Math.min(end, total)) : emptyLike(await readParquet(path, 0, 0)), total };
  }
  if (format === "json") return readJson(path, start, end, features);
  const whole = format === "csv" ? await readCsv(path, features) : await readText(path);
  return { chunk: sliceChunk(whole, start, end), total: whole.numRows };
}

function emptyLike(chunk: TableChunk): TableChunk {
  return sliceChunk(chunk, 0, 0);
}
