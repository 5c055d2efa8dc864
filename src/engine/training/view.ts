// The notebook views of a run: a live training view (one displayId, replaced as the run goes)
// and an evaluation result, each with its HTML for viewers outside the app (view-html.ts).
// The engine may not import src/api, so the MIME strings are
// duplicated here; they must equal MIME.training and MIME.evaluation in src/api/mime.ts.
import { display, type MimeBundle } from "../runtime/index";
import type { StepPoint } from "./step-history";
import type { BackendInfo } from "../backend/index";
import { adapterLabel, type WebGpuAdapterInfo } from "../backend/webgpu-dawn";
import type { EvalMetrics } from "./callbacks";
import type { LogEntry } from "./state";
import { evaluationHtml, trainingHtml } from "./view-html";

export const TRAINING_MIME = "application/vnd.mlm-notebook.training+json";
export const EVALUATION_MIME = "application/vnd.mlm-notebook.evaluation+json";

export type RunStatus = "running" | "finished" | "interrupted" | "failed";

/** What the training view shows: HF's log history plus where the run is and on what. */
export interface TrainingView {
  /** The run's id in the notebook's runs table (run-record.ts), so the view does not draw its own run twice. */
  runId: string;
  status: RunStatus;
  /** Why it stopped, when it did not finish. */
  message: string | null;
  globalStep: number;
  maxSteps: number;
  epoch: number;
  numTrainEpochs: number;
  /** HF's log_history: {loss, grad_norm, learning_rate, epoch, step, tokens_per_second}, eval entries, the summary. */
  logHistory: LogEntry[];
  /** Just the eval entries, for a table. */
  evalResults: LogEntry[];
  /** The latest step's loss, shown before the first logged entry (loggingSteps defaults to 500, as HF). */
  lastStepLoss: number | null;
  /** Each step's loss and learning rate (thinned on long runs), so the chart moves before the first log entry. */
  stepHistory: StepPoint[];
  tokensPerSecond: number | null;
  etaMs: number | null;
  elapsedMs: number;
  /** backendInfo() of src/engine/backend: which backend runs, and why. */
  backend: BackendInfo;
  /** On webgpu, the GPU adapter it runs on (webGpuAdapter()); null on other backends. */
  adapter: WebGpuAdapterInfo | null;
  outputDir: string;
  lastCheckpoint: string | null;
}

export function trainingBundle(view: TrainingView): MimeBundle {
  const last = [...view.logHistory].reverse().find((e) => "loss" in e);
  const lastEval = view.evalResults.at(-1);
  const text =
    `Training ${view.status}: step ${view.globalStep}/${view.maxSteps}, epoch ${view.epoch.toFixed(2)}/${view.numTrainEpochs}` +
    (last ? `, loss ${last.loss}` : "") +
    (lastEval ? `, eval_loss ${lastEval.eval_loss}` : "") +
    `\n${backendLine(view)}` +
    (view.message ? `\n${view.message}` : "");
  return { [TRAINING_MIME]: view, "text/html": trainingHtml(view, text), "text/plain": text };
}

/** "on wasm (1 thread, SIMD on; matrix products … (MLAS, 2 threads))" / "on webgpu: <adapter> (vendor arch, Vulkan, hardware)". */
export function backendLine(view: Pick<TrainingView, "backend" | "adapter">): string {
  const b = view.backend;
  if (view.adapter) return `on ${b.backend}: ${adapterLabel(view.adapter)}`;
  // The reason's detail is its first parenthesis through the last (the detail may nest some).
  const detail = /\((.*)\)$/.exec(b.reason)?.[1];
  return `on ${b.backend}${detail ? ` (${detail})` : ""}`;
}

export function showTraining(displayId: string, view: TrainingView): void {
  display(trainingBundle(view), { displayId });
}

/** An earlier evaluation of the same rows (before fine-tuning), shown beside a later one. */
export interface EarlierEvaluation {
  step: number;
  eval_loss: number;
  perplexity: number;
}

export function showEvaluation(metrics: EvalMetrics, step: number, before: EarlierEvaluation | null): void {
  let text = `eval_loss ${metrics.eval_loss.toFixed(4)}, perplexity ${metrics.perplexity.toFixed(2)} (${metrics.eval_runtime.toFixed(2)} s, ${metrics.eval_samples_per_second.toFixed(1)} samples/s)`;
  if (before) text += `\nat step ${before.step}: eval_loss ${before.eval_loss.toFixed(4)}, perplexity ${before.perplexity.toFixed(2)}; now ×${(metrics.perplexity / before.perplexity).toFixed(2)}`;
  display({ [EVALUATION_MIME]: { ...metrics, step, before }, "text/html": evaluationHtml(metrics, step, before), "text/plain": text });
}
