// The engine calls a cell's last run made, kept in the cell's metadata (`metadata.mlm_notebook.calls`)
// so they are saved in the .ipynb with the outputs: an export reads parameters as run, not cell text.
import type { Cell } from "../../api/index";

/** One engine call as saved: the API name (e.g. "TrainingArguments") and its parameters as run. */
export interface SavedCall {
  api: string;
  params: Record<string, unknown>;
}

/** A cell whose metadata holds the calls of its latest run (replacing those of earlier runs). */
export function withSavedCalls(cell: Cell, calls: readonly SavedCall[]): Cell {
  const previous = (cell.metadata?.mlm_notebook ?? {}) as Record<string, unknown>;
  const saved = calls.map(({ api, params }) => ({ api, params: redacted(params) as Record<string, unknown> }));
  return { ...cell, metadata: { ...cell.metadata, mlm_notebook: { ...previous, calls: saved } } };
}

/** The calls saved with a cell, or null when the cell has never run (in this app). */
export function savedCalls(cell: Cell): SavedCall[] | null {
  const calls = (cell.metadata?.mlm_notebook as { calls?: unknown } | undefined)?.calls;
  if (!Array.isArray(calls)) return null;
  return calls.filter((c): c is SavedCall => typeof c === "object" && c !== null && typeof c.api === "string" && typeof c.params === "object" && c.params !== null);
}

/** A .ipynb gets shared: a Hub token that reached a call's parameters must not be saved with it. */
function redacted(value: unknown): unknown {
  if (typeof value === "string") return /^hf_[A-Za-z0-9]{8,}$/.test(value) ? "<hidden>" : value;
  if (Array.isArray(value)) return value.map(redacted);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v)]));
  return value;
}
