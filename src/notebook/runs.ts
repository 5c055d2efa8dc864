// Training runs kept with the document, in `metadata.mlm_notebook.runs` (saved in the .ipynb, so they
// survive reopening): a run the engine announces is named, given the cells that had run, and added;
// the runs table hides, shows and deletes them. Pure functions of the document.
import { notebookRuns, type NotebookDoc, type RunCell, type RunChange, type RunRecord } from "../api/index";

/** The code cells whose outputs the run was made from: those run in this kernel, plus the one training. */
export function cellsOfRun(doc: NotebookDoc, trainingCellId: string | null): RunCell[] {
  return doc.cells
    .filter((c) => c.type === "code" && (c.executionCount !== null || c.id === trainingCellId) && c.source.trim())
    .map((c) => ({ id: c.id, source: c.source }));
}

/** The document with the run added (or replacing a record of the same id), named "run N". */
export function withRun(doc: NotebookDoc, record: RunRecord, cells: RunCell[]): NotebookDoc {
  const runs = notebookRuns(doc.metadata);
  const known = runs.find((r) => r.id === record.id);
  const number = Math.max(0, ...runs.map((r) => Number(/^run (\d+)/.exec(r.name)?.[1] ?? 0))) + 1;
  const name = known?.name ?? (record.trial ? `run ${number} (trial ${record.trial.number}/${record.trial.of})` : `run ${number}`);
  const kept: RunRecord = { ...record, name, cells, hidden: known?.hidden ?? false };
  const next = known ? runs.map((r) => (r.id === record.id ? kept : r)) : [...runs, kept];
  return withRuns(doc, next);
}

export function withRunChange(doc: NotebookDoc, runId: string, change: RunChange): NotebookDoc {
  const runs = notebookRuns(doc.metadata);
  if (!runs.some((r) => r.id === runId)) throw new Error(`No run ${runId} in this notebook (it may have been deleted already); reload the notebook.`);
  return withRuns(doc, change.kind === "delete" ? runs.filter((r) => r.id !== runId) : runs.map((r) => (r.id === runId ? { ...r, hidden: change.hidden } : r)));
}

function withRuns(doc: NotebookDoc, runs: RunRecord[]): NotebookDoc {
  const ours = (doc.metadata.mlm_notebook ?? {}) as Record<string, unknown>;
  return { ...doc, metadata: { ...doc.metadata, mlm_notebook: { ...ours, runs } }, dirty: true };
}
