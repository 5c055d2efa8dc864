// MIME.training: a training run as the Trainer shows it, live (one display id, replaced as the run
// goes): HF's log history, where the run is, and on what backend.
import type { BackendInfo, WebGpuAdapterInfo } from "./backend";

/** One log_history entry, as HF writes them: {loss, grad_norm, learning_rate, epoch, step}, {eval_loss, ...}, or the final summary. */
export type LogEntry = Record<string, number>;

/** One optimizer step's loss and rate. A type alias, not an interface, so it is also a LogEntry. */
export type StepPoint = {
  step: number;
  loss: number;
  learning_rate: number;
};

export type RunStatus = "running" | "finished" | "interrupted" | "failed";

export interface TrainingView {
  /** The run's id in the notebook's runs table (src/api/runs.ts), so the view does not draw its own run twice; absent from outputs saved before runs were kept. */
  runId?: string;
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
  /** backendInfo(): which backend runs, and why. */
  backend: BackendInfo;
  /** On webgpu, the GPU adapter it runs on (webGpuAdapter()); null on other backends. */
  adapter: WebGpuAdapterInfo | null;
  outputDir: string;
  lastCheckpoint: string | null;
}

export function isTrainingView(data: unknown): data is TrainingView {
  const d = data as Partial<TrainingView> | null;
  return typeof d === "object" && d !== null && Array.isArray(d.logHistory) && typeof d.globalStep === "number" && typeof d.maxSteps === "number";
}
