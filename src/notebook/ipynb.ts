// .ipynb (nbformat 4.5) read and write. The file is the user's: what Jupyter would keep, we keep
// (outputs, execution counts, notebook metadata); our live cell state is not written.
import { basename } from "node:path";
import type { Cell, CellType, MimeBundle, NotebookDoc, Output } from "../api/index";
import { newCell, newCellId } from "./cells";

export const KERNELSPEC = { name: "mlm-notebook-ts", display_name: "TypeScript (MLM Notebook)", language: "typescript" } as const;
export const LANGUAGE_INFO = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" } as const;

/** nbformat's multiline strings: a string, or an array of lines to concatenate. */
type Multiline = string | string[];

interface IpynbCell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata?: Record<string, unknown>;
  source: Multiline;
  outputs?: IpynbOutput[];
  execution_count?: number | null;
}

type IpynbOutput =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: Multiline }
  | { output_type: "display_data"; data: MimeBundle; metadata?: Record<string, unknown> }
  | { output_type: "execute_result"; data: MimeBundle; metadata?: Record<string, unknown>; execution_count: number | null }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

interface IpynbFile {
  cells: IpynbCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export function titleOf(path: string | null): string {
  return path ? basename(path).replace(/\.ipynb$/i, "") : "Untitled";
}

/** Parses .ipynb text. `where` names the file in error messages. */
export function parseIpynb(text: string, path: string | null, where = path ?? "the notebook"): NotebookDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not a valid .ipynb file: its JSON does not parse (${(e as Error).message}). Open a notebook saved by MLM Notebook or Jupyter.`);
  }
  const file = raw as Partial<IpynbFile>;
  if (typeof file !== "object" || file === null || !Array.isArray(file.cells)) {
    throw new Error(`${where} is not a .ipynb notebook: it has no "cells" list. Open a notebook saved by MLM Notebook or Jupyter.`);
  }
  if (file.nbformat !== 4) {
    throw new Error(`${where} is nbformat ${String(file.nbformat)}; MLM Notebook reads nbformat 4. Convert it with \`jupyter nbconvert --to notebook\` first.`);
  }
  const seen = new Set<string>();
  const cells = file.cells.map((c): Cell => {
    // Ids before nbformat 4.5 are absent; duplicated ones would confuse every edit, so renew them.
    const id = typeof c.id === "string" && c.id && !seen.has(c.id) ? c.id : newCellId();
    seen.add(id);
    const type: CellType = c.cell_type === "code" ? "code" : "markdown";
    const cell = newCell(type, joinLines(c.source), id);
    if (c.metadata && Object.keys(c.metadata).length > 0) cell.metadata = c.metadata;
    if (type === "code") {
      cell.outputs = (c.outputs ?? []).map(readOutput);
      cell.executionCount = typeof c.execution_count === "number" ? c.execution_count : null;
    }
    return cell;
  });
  return { path, title: titleOf(path), cells, dirty: false, metadata: file.metadata ?? {} };
}

export function serializeIpynb(doc: NotebookDoc): string {
  const file: IpynbFile = {
    cells: doc.cells.map((c): IpynbCell =>
      c.type === "code"
        ? { cell_type: "code", id: c.id, metadata: c.metadata ?? {}, source: splitLines(c.source), outputs: c.outputs.map(writeOutput), execution_count: c.executionCount }
        : { cell_type: "markdown", id: c.id, metadata: c.metadata ?? {}, source: splitLines(c.source) },
    ),
    metadata: { ...doc.metadata, kernelspec: { ...KERNELSPEC }, language_info: { ...LANGUAGE_INFO } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(file, null, 1) + "\n";
}

function readOutput(o: IpynbOutput): Output {
  switch (o.output_type) {
    case "stream":
      return { output_type: "stream", name: o.name, text: joinLines(o.text) };
    case "display_data":
      return { output_type: "display_data", data: readBundle(o.data), metadata: o.metadata ?? {} };
    case "execute_result":
      return { output_type: "execute_result", data: readBundle(o.data), metadata: o.metadata ?? {}, execution_count: o.execution_count ?? null };
    case "error":
      return { output_type: "error", ename: o.ename, evalue: o.evalue, traceback: o.traceback ?? [] };
  }
}

function writeOutput(o: Output): IpynbOutput {
  switch (o.output_type) {
    case "stream":
      return { output_type: "stream", name: o.name, text: splitLines(o.text) };
    case "display_data":
      // display_id is transient in nbformat (it lives in the kernel message, not in the file).
      return { output_type: "display_data", data: writeBundle(o.data), metadata: o.metadata };
    case "execute_result":
      return { output_type: "execute_result", data: writeBundle(o.data), metadata: o.metadata, execution_count: o.execution_count };
    case "error":
      return { output_type: "error", ename: o.ename, evalue: o.evalue, traceback: o.traceback };
  }
}

/** Text MIME types are multiline strings in the file; JSON ones are objects and stay as they are. */
function isTextMime(mime: string): boolean {
  return !/json$/.test(mime);
}

function readBundle(data: MimeBundle): MimeBundle {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isTextMime(k) && (typeof v === "string" || Array.isArray(v)) ? joinLines(v as Multiline) : v]));
}

function writeBundle(data: MimeBundle): MimeBundle {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, isTextMime(k) && typeof v === "string" ? splitLines(v) : v]));
}

function joinLines(text: Multiline | undefined): string {
  return Array.isArray(text) ? text.join("") : (text ?? "");
}

/** Jupyter's habit: lines keep their "\n", so the file diffs line by line. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}
