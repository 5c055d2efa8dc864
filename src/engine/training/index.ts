// Training: TrainingArguments, Trainer, AdamW, schedules, callbacks, checkpoints, evaluate, push.
export { TrainingArguments, type TrainingArgumentsInit, type IntervalStrategy, type SchedulerType } from "./arguments";
export { Trainer, type TrainerInit, type TrainOutput, type TrainOptions } from "./trainer";
export { AdamW, isNoDecayParameter, type AdamWOptions } from "./adamw";
export { LambdaLR, scheduleLambda, warmupStepsFor, type LrLambda, type SchedulerState } from "./schedules";
export { clipCoefficient, clipGradNorm, globalNorm } from "./clip";
export { defaultDataCollator } from "./default-collator";
export { latestCheckpoint, listCheckpoints, loadWeights } from "./checkpoint";
export { TrainingDivergedError, TrainingOutOfMemoryError } from "./errors";
export { TRAINING_MIME, EVALUATION_MIME, type TrainingView, type RunStatus } from "./view";
export { TrainerState, type LogEntry, type TrainerStateJSON } from "./state";
export type { TrainerCallback, CallbackEvent, StepEndEvent, EvalMetrics } from "./callbacks";
export type { TrainableModel, RowSource, LossAndGrads, DataCollator as TrainerDataCollator, Batch as TrainerBatch, Row as TrainerRow, TokenizedRow } from "./contracts";
export type { PushResult } from "./push";
export type { BestRun, HpBackend, HpDirection, HpRange, HpSpace, HpValue, HyperparameterSearchOptions } from "./hyperparameter-search";
export { RUN_MIME, type RunRecord } from "../../api/runs";
