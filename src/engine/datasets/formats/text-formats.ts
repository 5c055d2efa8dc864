// JSON / JSON Lines, CSV and plain-text files (each optionally gzipped), read whole into columns
// the way datasets' json, csv and text builders do.
import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { parse as parseCsv } from "csv-parse/sync";
import { CorruptFileError } from "../errors";
import { inferFeature, type Features } from "../features";
import type { Columns } from "../map-core";
import type { TableChunk } from "./table-chunk";

async function readTextFile(path: string, format: string): Promise<string> {
  const raw = await readFile(path);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw).toString("utf8");
    } catch (error) {
      throw new CorruptFileError(path, `gzipped ${format}`, error);
    }
  }
  return raw.toString("utf8");
}

/**
 * JSON Lines (one object per line), or one JSON document: a list of rows or an object of columns.
 * For JSON Lines only the lines of rows [start, end) are parsed (a split's prefix is cheap); `total` counts all rows.
 */
export async function readJson(path: string, start: number, end: number, features?: Features): Promise<{ chunk: TableChunk; total: number }> {
  const text = await readTextFile(path, "JSON");
  let rows: Record<string, unknown>[] | null = null;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[") || (trimmed.startsWith("{") && !looksLikeJsonLines(trimmed))) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new CorruptFileError(path, "JSON", error);
    }
    if (Array.isArray(doc)) rows = doc as Record<string, unknown>[];
    else if (doc && typeof doc === "object" && Object.values(doc).length > 0 && Object.values(doc).every(Array.isArray)) {
      const whole = fromColumns(doc as Columns, features);
      return { chunk: sliceChunk(whole, start, end), total: whole.numRows };
    } else if (doc && typeof doc === "object") rows = [doc as Record<string, unknown>]; // a one-line JSON Lines file
    else throw new CorruptFileError(path, "JSON", new Error("a JSON document must be a list of rows, an object of column lists, or JSON Lines"));
    return { chunk: fromRows(rows.slice(start, end), features), total: rows.length };
  }
  const lines = text.split("\n");
  const rowLines: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].trim() !== "") rowLines.push(i);
  rows = [];
  for (const i of rowLines.slice(start, end)) {
    try {
      rows.push(JSON.parse(lines[i]) as Record<string, unknown>);
    } catch (error) {
      throw new CorruptFileError(`${path} (line ${i + 1})`, "JSON Lines", error);
    }
  }
  return { chunk: fromRows(rows, features), total: rowLines.length };
}

export function sliceChunk(chunk: TableChunk, start: number, end: number): TableChunk {
  if (start <= 0 && end >= chunk.numRows) return chunk;
  const s = Math.max(0, start);
  const e = Math.max(s, Math.min(end, chunk.numRows));
  return { columns: Object.fromEntries(Object.entries(chunk.columns).map(([k, v]) => [k, v.slice(s, e)])), features: chunk.features, numRows: e - s };
}

function looksLikeJsonLines(text: string): boolean {
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  try {
    JSON.parse(firstLine);
    return text.indexOf("\n") >= 0 && text.slice(firstLine.length).trim() !== "";
  } catch {
    return false;
  }
}

function fromRows(rows: Record<string, unknown>[], features?: Features): TableChunk {
  const names = features ? Object.keys(features) : [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns: Columns = Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n] ?? null)]));
  return { columns, features: features ?? inferAll(columns), numRows: rows.length };
}

function fromColumns(cols: Columns, features?: Features): TableChunk {
  const lengths = Object.values(cols).map((c) => c.length);
  const names = features ? Object.keys(features) : Object.keys(cols);
  return { columns: Object.fromEntries(names.map((n) => [n, cols[n] ?? new Array(lengths[0] ?? 0).fill(null)])), features: features ?? inferAll(cols), numRows: lengths[0] ?? 0 };
}

function inferAll(columns: Columns): Features {
  return Object.fromEntries(Object.entries(columns).map(([n, v]) => [n, inferFeature(v, n)]));
}

/** CSV with a header row; cells typed as pandas would: all-integer → int64, numeric → float64, empty → null. */
export async function readCsv(path: string, features?: Features): Promise<TableChunk> {
  const text = await readTextFile(path, "CSV");
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new CorruptFileError(path, "CSV", error);
  }
  const [header = [], ...body] = records;
  const columns: Columns = {};
  header.forEach((name, j) => {
    const cells = body.map((r) => r[j] ?? "");
    const nonEmpty = cells.filter((c) => c !== "");
    const numeric = nonEmpty.length > 0 && nonEmpty.every((c) => c.trim() !== "" && Number.isFinite(Number(c)));
    columns[name] = cells.map((c) => (c === "" ? null : numeric ? Number(c) : c));
  });
  return fromColumns(columns, features);
}

/** One row per line in a "text" column, as datasets' text builder (line endings dropped). */
export async function readText(path: string): Promise<TableChunk> {
  const text = await readTextFile(path, "text");
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  return { columns: { text: lines }, features: { text: { type: "Value", dtype: "string" } }, numRows: lines.length };
}
