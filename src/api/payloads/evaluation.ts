// MIME.evaluation: one trainer.evaluate() as HF reports it (perplexity = exp(eval_loss)), with the
// same rows' first evaluation at an earlier step beside it (before fine-tuning).

export interface EvalMetrics {
  eval_loss: number;
  perplexity: number;
  eval_runtime: number;
  eval_samples_per_second: number;
  eval_steps_per_second: number;
  epoch?: number;
}

/** An earlier evaluation of the same rows (before fine-tuning), shown beside a later one. */
export interface EarlierEvaluation {
  step: number;
  eval_loss: number;
  perplexity: number;
}

export interface EvaluationView extends EvalMetrics {
  /** The training step the model was at (0 before any training); absent in older notebooks. */
  step?: number;
  /** The first evaluation of the same rows at an earlier step, or null; absent in older notebooks. */
  before?: EarlierEvaluation | null;
}

export function isEvaluationView(data: unknown): data is EvaluationView {
  const d = data as Partial<EvaluationView> | null;
  return typeof d === "object" && d !== null && typeof d.eval_loss === "number" && typeof d.perplexity === "number";
}
