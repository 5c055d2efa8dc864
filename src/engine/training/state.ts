// TrainerState: where a run is, and its log history, written as HF's trainer_state.json.
import type { LogEntry } from "../../api/payloads/training";

export type { LogEntry };

export interface TrainerStateJSON {
  best_metric: number | null;
  best_model_checkpoint: string | null;
  epoch: number;
  eval_steps: number;
  global_step: number;
  is_hyper_param_search: boolean;
  is_local_process_zero: boolean;
  is_world_process_zero: boolean;
  log_history: LogEntry[];
  logging_steps: number;
  max_steps: number;
  num_input_tokens_seen: number;
  num_train_epochs: number;
  save_steps: number;
  total_flos: number;
  train_batch_size: number;
  trial_name: null;
  trial_params: null;
}

export class TrainerState {
  epoch = 0;
  globalStep = 0;
  maxSteps = 0;
  numTrainEpochs = 0;
  loggingSteps = 500;
  evalSteps = 500;
  saveSteps = 500;
  trainBatchSize = 8;
  numInputTokensSeen = 0;
  totalFlos = 0;
  logHistory: LogEntry[] = [];

  toJSON(): TrainerStateJSON {
    return {
      best_metric: null,
      best_model_checkpoint: null,
      epoch: this.epoch,
      eval_steps: this.evalSteps,
      global_step: this.globalStep,
      is_hyper_param_search: false,
      is_local_process_zero: true,
      is_world_process_zero: true,
      log_history: this.logHistory,
      logging_steps: this.loggingSteps,
      max_steps: this.maxSteps,
      num_input_tokens_seen: this.numInputTokensSeen,
      num_train_epochs: this.numTrainEpochs,
      save_steps: this.saveSteps,
      total_flos: this.totalFlos,
      train_batch_size: this.trainBatchSize,
      trial_name: null,
      trial_params: null,
    };
  }

  static fromJSON(json: TrainerStateJSON): TrainerState {
    const s = new TrainerState();
    if (!Number.isInteger(json.global_step) || !Array.isArray(json.log_history)) throw new Error("trainer_state.json is damaged: it has no global_step or log_history.");
    s.epoch = json.epoch;
    s.globalStep = json.global_step;
    s.maxSteps = json.max_steps;
    s.numTrainEpochs = json.num_train_epochs;
    s.loggingSteps = json.logging_steps;
    s.evalSteps = json.eval_steps;
    s.saveSteps = json.save_steps;
    s.trainBatchSize = json.train_batch_size;
    s.numInputTokensSeen = json.num_input_tokens_seen ?? 0;
    s.totalFlos = json.total_flos ?? 0;
    s.logHistory = json.log_history;
    return s;
  }
}
