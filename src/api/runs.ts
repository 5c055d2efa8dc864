// Training runs as the notebook keeps them: one record per trainer.train() (or sweep trial), sent by
// the engine as a display bundle of RUN_MIME, kept by the service in the .ipynb's notebook metadata
// (`metadata.mlm_notebook.runs`, plain JSON that Jupyter keeps), read by the window's runs table.

/** The bundle type a finished (or stopped) run is announced with. */
export const RUN_MIME = "application/vnd.mlm-notebook.run+json";

export type RunStatusName = "running" | "finished" | "interrupted" | "failed";

/** One curve: [step, value] pairs in step order, thinned to a few hundred points. */
export type RunCurve = [step: number, value: number][];

export interface RunCurves {
  loss: RunCurve;
  eval_loss: RunCurve;
  learning_rate: RunCurve;
  grad_norm: RunCurve;
}

/** A cell as it was when the run ended, so the run can be read (and repeated) later. */
export interface RunCell {
  id: string;
  source: string;
}

/** A sweep trial's place: which sweep, which trial, and the hyperparameters it tried. */
export interface RunTrial {
  sweepId: string;
  number: number;
  of: number;
  hyperparameters: Record<string, number | string | boolean>;
}

export interface RunRecord {
  id: string;
  /** "run 3", given by the notebook when it keeps the record. */
  name: string;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt: number;
  status: RunStatusName;
  /** TrainingArguments as run (camelCase, the token hidden). */
  args: Record<string, unknown>;
  /** What the run depended on besides its arguments: block size, mlm probability, model config, dataset sizes. */
  values: Record<string, unknown>;
  curves: RunCurves;
  /** train_loss, eval_loss, perplexity, train_runtime, … as the run ended. */
  metrics: Record<string, number>;
  trial: RunTrial | null;
  /** The code cells that had run, as they were (filled in by the notebook). */
  cells: RunCell[];
  /** Left out of the chart (still in the table). */
  hidden?: boolean;
}

/** What the runs table may change about a kept run. */
export type RunChange = { kind: "hide"; hidden: boolean } | { kind: "delete" };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCurve = (v: unknown): v is RunCurve => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === "number" && typeof p[1] === "number");
const STATUSES: readonly string[] = ["running", "finished", "interrupted", "failed"];

export function isRunRecord(data: unknown): data is RunRecord {
  if (!isObject(data)) return false;
  const c = data.curves;
  return (
    typeof data.id === "string" && typeof data.name === "string" && typeof data.startedAt === "number" && typeof data.endedAt === "number" &&
    STATUSES.includes(data.status as string) && isObject(data.args) && isObject(data.values) && isObject(data.metrics) &&
    isObject(c) && isCurve(c.loss) && isCurve(c.eval_loss) && isCurve(c.learning_rate) && isCurve(c.grad_norm) &&
    (data.trial === null || (isObject(data.trial) && typeof data.trial.number === "number")) &&
    Array.isArray(data.cells) && data.cells.every((x) => isObject(x) && typeof x.id === "string" && typeof x.source === "string")
  );
}

export function isRunChange(data: unknown): data is RunChange {
  return isObject(data) && ((data.kind === "hide" && typeof data.hidden === "boolean") || data.kind === "delete");
}

/** The runs kept in a notebook's metadata, oldest first; entries that are not run records are skipped. */
export function notebookRuns(metadata: Record<string, unknown>): RunRecord[] {
  const ours = metadata.mlm_notebook;
  const runs = isObject(ours) ? ours.runs : undefined;
  return Array.isArray(runs) ? runs.filter(isRunRecord) : [];
}
