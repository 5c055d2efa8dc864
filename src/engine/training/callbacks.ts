// TrainerCallback as HF's: hooks called at the points of a run (no `control` object: a
// callback that wants to stop the run throws, and the Trainer ends consistently).
import type { EvalMetrics } from "../../api/payloads/evaluation";
import type { TrainingArguments } from "./arguments";
import type { LogEntry, TrainerState } from "./state";

export type { EvalMetrics };

export interface CallbackEvent {
  args: TrainingArguments;
  state: TrainerState;
}

export interface StepEndEvent extends CallbackEvent {
  /** The full-precision loss of this optimizer step (mean over its micro-batches). */
  loss: number;
  gradNorm: number;
  /** The rate this step used. */
  learningRate: number;
  tokensPerSecond: number;
}

export interface TrainerCallback {
  onTrainBegin?(event: CallbackEvent): void;
  onStepEnd?(event: StepEndEvent): void;
  /** Every log_history entry as it is written; training speed and ETA ride along (null when unknown). */
  onLog?(event: CallbackEvent & { logs: LogEntry; tokensPerSecond: number | null; etaMs: number | null }): void;
  onEvaluate?(event: CallbackEvent & { metrics: EvalMetrics }): void;
  onEpochEnd?(event: CallbackEvent): void;
  onSave?(event: CallbackEvent & { checkpoint: string }): void;
  onTrainEnd?(event: CallbackEvent): void;
}
