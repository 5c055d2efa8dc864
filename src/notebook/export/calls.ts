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
  const saved = calls.map(({ api, params }) => ({ api, params }));
  return { ...cell, metadata: { ...cell.metadata, mlm_notebook: { ...previous, calls: saved } } };
}

/** The calls saved with a cell, or null when the cell has never run (in this app). */
export function savedCalls(cell: Cell): SavedCall[] | null {
  const calls = (cell.metadata?.mlm_notebook as { calls?: unknown } | undefined)?.calls;
  if (!Array.isArray(calls)) return null;
  return calls.filter((c): c is SavedCall => typeof c === "object" && c !== null && typeof c.api === "string" && typeof c.params === "object" && c.params !== null);
}
