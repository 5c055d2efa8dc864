// The notebook views of a run: a live training view (one displayId, replaced as the run goes)
// and an evaluation result, each with its HTML for viewers outside the app (view-html.ts).
import { MIME } from "../../api/mime";
import type { EarlierEvaluation, EvalMetrics, EvaluationView } from "../../api/payloads/evaluation";
import type { RunStatus, TrainingView } from "../../api/payloads/training";
import { display, type MimeBundle } from "../runtime/index";
import { adapterLabel } from "../backend/webgpu-dawn";
import { evaluationHtml, trainingHtml } from "./view-html";

export type { EarlierEvaluation, RunStatus, TrainingView };

/** The training and evaluation views' MIME types, under the engine's names for them. */
export const TRAINING_MIME = MIME.training;
export const EVALUATION_MIME = MIME.evaluation;

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

export function showEvaluation(metrics: EvalMetrics, step: number, before: EarlierEvaluation | null): void {
  let text = `eval_loss ${metrics.eval_loss.toFixed(4)}, perplexity ${metrics.perplexity.toFixed(2)} (${metrics.eval_runtime.toFixed(2)} s, ${metrics.eval_samples_per_second.toFixed(1)} samples/s)`;
  if (before) text += `\nat step ${before.step}: eval_loss ${before.eval_loss.toFixed(4)}, perplexity ${before.perplexity.toFixed(2)}; now ×${(metrics.perplexity / before.perplexity).toFixed(2)}`;
  const view: EvaluationView = { ...metrics, step, before };
  display({ [EVALUATION_MIME]: view, "text/html": evaluationHtml(metrics, step, before), "text/plain": text });
}
