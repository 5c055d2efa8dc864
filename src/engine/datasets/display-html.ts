// A Dataset / DatasetDict as HTML for viewers outside the app: per split its row count and a real
// <table> of the rows the bundle previews, each cell clipped, as many rows as keep under HTML_LIMIT.
import { clip, escapeHtml, formatNumber, HTML_LIMIT, htmlBox, htmlRow, htmlTable, takeWithin } from "../runtime/html";
import type { DatasetPayload, SplitView } from "../../api/payloads/dataset";

const CELL_CHARS = 300;
const LIST_ITEMS = 24;

export function datasetHtml(payload: DatasetPayload): string {
  // Each split gets an equal share, less room for the titles and headers.
  const budget = Math.floor(HTML_LIMIT / Math.max(1, payload.splits.length)) - 2_000;
  return htmlBox(payload.splits.map((s) => splitHtml(s, budget)).join(""));
}

function splitHtml(split: SplitView, budget: number): string {
  const columns = split.preview.columns;
  const header = columns.map((c) => `${escapeHtml(clip(c, CELL_CHARS))} <span style="color:#6b7280;font-weight:normal">${escapeHtml(clip(split.types[c] ?? "", CELL_CHARS))}</span>`);
  const rows = takeWithin(split.preview.rows.map((r) => htmlRow(r.map((v) => escapeHtml(clip(cellText(v), CELL_CHARS))))), budget - header.join("").length);
  const shown = rows.length < split.numRows ? `, the first ${rows.length} shown` : "";
  const title = `${split.view === null ? "Dataset" : escapeHtml(clip(split.view, CELL_CHARS))}: ${split.numRows.toLocaleString("en-US")} rows × ${columns.length} columns${shown}`;
  return `<div style="margin:6px 0"><div style="font-weight:600">${title}</div>${htmlTable(header, rows)}</div>`;
}

/** How a cell reads at a glance, in Python's spelling (None, lists in brackets), long lists cut. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  const list = Array.isArray(value) ? value : ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : null;
  if (list) return `[${list.slice(0, LIST_ITEMS).map((v) => (typeof v === "string" ? JSON.stringify(v) : cellText(v))).join(", ")}${list.length > LIST_ITEMS ? `, … ${list.length} items` : ""}]`;
  return JSON.stringify(value);
}
