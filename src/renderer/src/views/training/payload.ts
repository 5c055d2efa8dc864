// The training and evaluation bundles as the engine sends them (src/engine/training/view.ts); the
// window does not import the engine, so the shapes are restated here and checked before use.

/** One entry of HF's log_history: {loss, grad_norm, learning_rate, epoch, step, …} or an eval entry. */
export type LogEntry = Record<string, number>;

export interface TrainingPayload {
  /** The run's id in the notebook's runs (absent from outputs saved before runs were kept). */
  runId?: string;
  status: "running" | "finished" | "interrupted" | "failed";
  message: string | null;
  globalStep: number;
  maxSteps: number;
  epoch: number;
  numTrainEpochs: number;
  logHistory: LogEntry[];
  /** Each step's {step, loss, learning_rate}, thinned on long runs (absent from older saved outputs). */
  stepHistory?: LogEntry[];
  evalResults: LogEntry[];
  tokensPerSecond: number | null;
  etaMs: number | null;
  elapsedMs: number;
  /** backendInfo(): which backend runs, and why. */
  backend: { backend?: string; tfBackend?: string; reason?: string } | null;
  outputDir: string;
  lastCheckpoint: string | null;
}

export interface EvaluationPayload {
  eval_loss: number;
  perplexity: number;
  eval_runtime: number;
  eval_samples_per_second: number;
  /** The training step the model was at (0 before any training); absent in older notebooks. */
  step?: number;
  /** The first evaluation of the same rows at an earlier step (before fine-tuning), or null. */
  before?: { step: number; eval_loss: number; perplexity: number } | null;
}

export function isTrainingPayload(data: unknown): data is TrainingPayload {
  const d = data as Partial<TrainingPayload> | null;
  return typeof d === "object" && d !== null && Array.isArray(d.logHistory) && typeof d.globalStep === "number" && typeof d.maxSteps === "number";
}

export function isEvaluationPayload(data: unknown): data is EvaluationPayload {
  const d = data as Partial<EvaluationPayload> | null;
  return typeof d === "object" && d !== null && typeof d.eval_loss === "number" && typeof d.perplexity === "number";
}
