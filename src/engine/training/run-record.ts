// A training run as the notebook keeps it: its arguments, what else it depended on (block size, mlm
// probability, model config, dataset sizes), its curves thinned and its final metrics. The Trainer
// announces it when a run ends (finished, interrupted or failed) as a display bundle the notebook
// keeps in its metadata rather than showing. The record's shape is src/api/runs.ts's.
import { RUN_MIME, type RunCurve, type RunRecord, type RunTrial } from "../../api/runs";
import { display } from "../runtime/index";
import type { RowSource } from "./contracts";
import type { RunStatus } from "./view";
import type { LogEntry } from "./state";
import type { StepPoint } from "./step-history";

/** Points per curve kept in the notebook: enough to compare runs, small enough for many runs per file. */
const MAX_POINTS = 300;

export interface RunFacts {
  id: string;
  startedAt: number;
  status: RunStatus;
  args: Record<string, unknown>;
  trainDataset: RowSource | undefined;
  evalDataset: RowSource | undefined;
  collator: unknown;
  modelConfig: unknown;
  logHistory: LogEntry[];
  stepHistory: StepPoint[];
  trial: RunTrial | null;
}

let made = 0;

/** Unique within a notebook's lifetime across kernels: the time, plus a counter for runs in one millisecond. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${(++made).toString(36)}`;
}

export function runRecord(f: RunFacts): RunRecord {
  const logged = (key: string): RunCurve => f.logHistory.filter((e) => Number.isFinite(e[key]) && Number.isFinite(e.step)).map((e): [number, number] => [e.step, e[key]]);
  const fromSteps = (key: "loss" | "learning_rate"): RunCurve => (f.stepHistory.length ? f.stepHistory.map((p): [number, number] => [p.step, p[key]]) : logged(key));
  const evals = logged("eval_loss");
  const summary = [...f.logHistory].reverse().find((e) => "train_loss" in e);
  const metrics: Record<string, number> = { global_step: Math.max(0, ...f.logHistory.map((e) => e.step ?? 0), ...f.stepHistory.map((p) => p.step)) };
  if (summary) Object.assign(metrics, { train_loss: summary.train_loss, train_runtime: summary.train_runtime });
  const lastEval = evals.at(-1);
  if (lastEval) Object.assign(metrics, { eval_loss: lastEval[1], perplexity: Math.exp(lastEval[1]) });
  return {
    id: f.id,
    name: "",
    startedAt: f.startedAt,
    endedAt: Date.now(),
    status: f.status,
    args: f.args,
    values: dependedOn(f),
    curves: { loss: thin(fromSteps("loss")), eval_loss: thin(evals), learning_rate: thin(fromSteps("learning_rate")), grad_norm: thin(logged("grad_norm")) },
    metrics,
    trial: f.trial,
    cells: [],
  };
}

export function showRunRecord(record: RunRecord): void {
  display({ [RUN_MIME]: record, "text/plain": `Run recorded (${record.status}, step ${record.metrics.global_step})` });
}

/** What a run depended on besides its arguments, flat so two runs compare key by key. */
function dependedOn(f: RunFacts): Record<string, unknown> {
  const out: Record<string, unknown> = { trainRows: f.trainDataset?.numRows ?? 0, evalRows: f.evalDataset?.numRows ?? 0 };
  const first = f.trainDataset && f.trainDataset.numRows > 0 ? (f.trainDataset.row(0).input_ids as ArrayLike<number> | undefined) : undefined;
  if (first && typeof first.length === "number") out.blockSize = first.length;
  const mlm = (f.collator as { mlmProbability?: unknown } | undefined)?.mlmProbability;
  if (typeof mlm === "number") out.mlmProbability = mlm;
  const config = (f.modelConfig as { toJSON?: () => unknown } | undefined)?.toJSON?.() ?? f.modelConfig;
  if (typeof config === "object" && config !== null) {
    for (const [k, v] of Object.entries(config)) if (["number", "string", "boolean"].includes(typeof v)) out[`model.${k}`] = v;
  }
  return out;
}

/** Every n-th point and the last, at most MAX_POINTS. */
function thin(curve: RunCurve): RunCurve {
  const stride = Math.ceil(curve.length / MAX_POINTS);
  return stride <= 1 ? curve : curve.filter((_, i) => i % stride === 0 || i === curve.length - 1);
}
