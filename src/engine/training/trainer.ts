// Trainer: HF's training loop on tfjs — seeded shuffled batches per epoch, AdamW with HF's
// exclusions, the schedule, global-norm clipping, gradient accumulation, logging / eval / save
// on their strategies, checkpoints and resume — reported live through the runtime hooks.
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { InterruptedError, recordCall, startProgress, throwIfAborted, withoutRecording } from "../runtime/index";
import { checkWritableFolder } from "../runtime/write-files";
import { AdamW, isNoDecayParameter } from "./adamw";
import { resolveSteps, TrainingArguments, type TrainingArgumentsInit } from "./arguments";
import type { CallbackEvent, EvalMetrics, TrainerCallback } from "./callbacks";
import { latestCheckpoint, loadCheckpoint, rotateCheckpoints, saveCheckpoint } from "./checkpoint";
import { clipCoefficient, globalNorm } from "./clip";
import { isSavableTokenizer, type Batch, type DataCollator, type RowSource, type SavableTokenizer, type TokenizedRow, type TrainableModel } from "./contracts";
import { defaultDataCollator } from "./default-collator";
import { DivergenceWatch } from "./divergence";
import { isOutOfMemory, TrainingDivergedError, TrainingOutOfMemoryError } from "./errors";
import { pushTrainerToHub, type PushResult } from "./push";
import { batchesOf, epochPermutation, stepSeed } from "./sampler";
import { LambdaLR, scheduleLambda, warmupStepsFor } from "./schedules";
import { bestOf, defaultObjective, plannedTrials, type BestRun, type HyperparameterSearchOptions } from "./hyperparameter-search";
import type { RunRecord, RunTrial } from "../../api/runs";
import { newRunId, runRecord, showRunRecord } from "./run-record";
import { StepHistory } from "./step-history";
import { TrainerState, type LogEntry } from "./state";
import { showEvaluation, showTraining, type RunStatus, type TrainingView } from "./view";
import { backendInfo } from "../backend/index";
import { webGpuAdapter } from "../backend/webgpu";

export interface TrainerInit {
  /** The model to train; may be left out when modelInit is given. */
  model?: TrainableModel;
  /** transformers' model_init: a fresh model for each train() (and each search trial), instead of `model`. */
  modelInit?: () => TrainableModel | Promise<TrainableModel>;
  args: TrainingArguments | TrainingArgumentsInit;
  trainDataset?: RowSource;
  evalDataset?: RowSource;
  /** Defaults to defaultDataCollator (rows already of one length, with labels). */
  dataCollator?: DataCollator;
  callbacks?: TrainerCallback[];
  /** HF's processing_class: the tokenizer saved with checkpoints and pushed; defaults to the collator's. */
  processingClass?: unknown;
}

export interface TrainOutput {
  global_step: number;
  training_loss: number;
  metrics: Record<string, number>;
}

export interface TrainOptions {
  /** A checkpoint-N folder, or true for the newest one in outputDir. */
  resumeFromCheckpoint?: string | boolean | null;
}

/** Sizes of a run, derived from the data and the arguments as HF's _inner_training_loop does. */
interface RunPlan {
  numRows: number;
  batchesPerEpoch: number;
  updatesPerEpoch: number;
  maxSteps: number;
  numTrainEpochs: number;
  warmupSteps: number;
  loggingSteps: number;
  evalSteps: number;
  saveSteps: number;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const round3 = (x: number): number => Math.round(x * 1e3) / 1e3;
// The kernel sets the abort signal from a message: let the event loop run between steps.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let trainers = 0;

export class Trainer {
  /** Replaced by each trial of a hyperparameter search (and put back after it). */
  args: TrainingArguments;
  readonly modelInit: (() => TrainableModel | Promise<TrainableModel>) | null;
  readonly trainDataset: RowSource | undefined;
  readonly evalDataset: RowSource | undefined;
  readonly dataCollator: DataCollator;
  readonly callbacks: TrainerCallback[];
  readonly tokenizer: SavableTokenizer | null;
  /** The live view's id: one view per Trainer, replaced in place as it runs. */
  readonly displayId = `training-${++trainers}`;
  state = new TrainerState();
  private optimizer: AdamW | null = null;
  private status: RunStatus = "running";
  private message: string | null = null;
  private lastCheckpoint: string | null = null;
  private runStartedAt = Date.now();
  /** Whether train() has started: an evaluation before it shows no training view, so the view opens in the cell that trains. */
  private trainingStarted = false;
  private tokensPerSecond: number | null = null;
  private lastStepLoss: number | null = null;
  private readonly stepHistory = new StepHistory();
  private etaMs: number | null = null;
  private lastShown = 0;
  /** Standalone evaluate() results, so a later one can be shown against an earlier one. */
  private readonly evaluations: { step: number; dataset: RowSource; rows: number; metrics: EvalMetrics }[] = [];
  private currentModel: TrainableModel | null;
  /** The run the view shows and the notebook records (one per train()). */
  private runId = newRunId();
  private trial: RunTrial | null = null;

  constructor(init: TrainerInit) {
    this.modelInit = typeof init?.modelInit === "function" ? init.modelInit : null;
    if (!(this.modelInit && init.model === undefined)) checkModel(init?.model, "`model`");
    this.currentModel = init.model ?? null;
    // A plain object of arguments is taken as TrainingArguments' init (HF requires the class; this is friendlier).
    this.args = init.args instanceof TrainingArguments ? init.args : new TrainingArguments((init.args ?? {}) as TrainingArgumentsInit);
    this.trainDataset = init.trainDataset;
    this.evalDataset = init.evalDataset;
    this.dataCollator = init.dataCollator ?? defaultDataCollator;
    this.callbacks = init.callbacks ?? [];
    const tok = init.processingClass ?? this.dataCollator.tokenizer;
    this.tokenizer = isSavableTokenizer(tok) ? tok : null;
    if (this.args.evalStrategy !== "no" && !this.evalDataset) {
      throw new Error(`Trainer: evalStrategy is "${this.args.evalStrategy}" but no evalDataset was given. Pass evalDataset (e.g. lmDataset.test), or set evalStrategy: "no".`);
    }
    // For the Python export: a Trainer evaluated before it trains must exist in the script by then.
    recordCall("Trainer", { args: this.args.toDict(), given: this.args.givenArguments(), trainRows: this.trainDataset?.numRows ?? 0, evalRows: this.evalDataset?.numRows ?? 0 });
  }

  private plan(): RunPlan {
    const ds = this.trainDataset;
    if (!ds) throw new Error("Trainer.train: no trainDataset. Pass trainDataset to new Trainer({ ... }).");
    if (ds.numRows === 0) throw new Error("Trainer.train: trainDataset has no rows. Check the split and the grouping (texts shorter than blockSize make no blocks).");
    const a = this.args;
    const batchesPerEpoch = Math.ceil(ds.numRows / a.perDeviceTrainBatchSize);
    // A short last accumulation window still makes an update (as HF's remainder handling).
    const updatesPerEpoch = Math.ceil(batchesPerEpoch / a.gradientAccumulationSteps);
    const maxSteps = a.maxSteps > 0 ? a.maxSteps : Math.ceil(a.numTrainEpochs * updatesPerEpoch);
    const numTrainEpochs = Math.ceil(maxSteps / updatesPerEpoch);
    return {
      numRows: ds.numRows,
      batchesPerEpoch,
      updatesPerEpoch,
      maxSteps,
      numTrainEpochs,
      warmupSteps: warmupStepsFor(a.warmupSteps, a.warmupRatio, maxSteps),
      loggingSteps: resolveSteps(a.loggingSteps, maxSteps),
      evalSteps: resolveSteps(a.evalSteps ?? a.loggingSteps, maxSteps),
      saveSteps: resolveSteps(a.saveSteps, maxSteps),
    };
  }

  get model(): TrainableModel {
    if (!this.currentModel) throw new Error("Trainer: no model yet: with modelInit, the model is made when train() starts. Run trainer.train() first, or pass `model`.");
    return this.currentModel;
  }

  async train(options: TrainOptions = {}): Promise<TrainOutput> {
    const resume = options.resumeFromCheckpoint ?? this.args.resumeFromCheckpoint ?? null;
    recordCall("Trainer.train", { resumeFromCheckpoint: resume, args: this.args.toDict(), given: this.args.givenArguments(), trainRows: this.trainDataset?.numRows ?? 0, evalRows: this.evalDataset?.numRows ?? 0 });
    const out = await this.runTraining(resume);
    this.announceRun();
    return out;
  }

  /**
   * transformers' hyperparameter_search: one run per trial, one after another, each a fresh model
   * from modelInit with the trial's arguments (its own outputDir/run-N, never pushed). Each trial is
   * a run in the notebook's runs table; an interrupt stops the sweep in the current trial and keeps
   * the finished ones. Returns the best finished trial by `direction`.
   */
  async hyperparameterSearch(options: HyperparameterSearchOptions): Promise<BestRun> {
    const { hpSpace, nTrials, direction = "minimize", backend = "grid", seed = 42, computeObjective = defaultObjective } = options ?? ({} as HyperparameterSearchOptions);
    const modelInit = this.modelInit;
    if (!modelInit) throw new Error("Trainer.hyperparameterSearch: each trial needs a fresh model. Pass modelInit to the Trainer, e.g. new Trainer({ modelInit: () => AutoModelForMaskedLM.fromPretrained(...), ... }) (transformers' model_init).");
    if (direction !== "minimize" && direction !== "maximize") throw new Error(`Trainer.hyperparameterSearch: direction must be "minimize" or "maximize" (got "${String(direction)}").`);
    const trials = plannedTrials(hpSpace, backend, nTrials, seed);
    // The first trial's model is made (and recorded) before the search call, so an export's model_init
    // makes the same model; what the trials do is not recorded: the search call stands for it.
    const firstModel = checkModel(await modelInit(), "modelInit()");
    recordCall("Trainer.hyperparameterSearch", { hpSpace, nTrials: nTrials ?? null, direction, backend, seed });
    const base = this.args;
    const sweepId = newRunId();
    const finished: BestRun[] = [];
    const trial = async (i: number): Promise<void> => {
      const hyperparameters = trials[i];
      this.args = new TrainingArguments({ ...base.toDict(), hubToken: base.hubToken, ...hyperparameters, outputDir: join(base.outputDir, `run-${i}`), pushToHub: false } as TrainingArgumentsInit);
      this.trial = { sweepId, number: i + 1, of: trials.length, hyperparameters };
      if (i > 0) (this.currentModel as { dispose?: () => void } | null)?.dispose?.();
      try {
        await this.runTraining(null, i === 0 ? firstModel : checkModel(await modelInit(), "modelInit()"));
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error;
        const best = bestOf(finished, direction);
        throw new InterruptedError(`Sweep interrupted in trial ${i + 1} of ${trials.length}; the ${finished.length} finished trial(s) are kept in the runs table.` + (best ? ` Best so far: ${JSON.stringify(best.hyperparameters)} (objective ${best.objective.toPrecision(5)}).` : ""));
      }
      // transformers' objective: the evaluation at the end of training, made now if the run did not end with one.
      const lastEval = this.state.logHistory.findLast((e) => "eval_loss" in e);
      if (this.evalDataset && lastEval?.step !== this.state.globalStep) await this.runEvaluation(this.evalDataset, false);
      const record = this.announceRun();
      finished.push({ runId: record.id, objective: computeObjective(record.metrics), hyperparameters });
    };
    try {
      await withoutRecording(async () => {
        for (let i = 0; i < trials.length; i++) await trial(i);
      });
    } finally {
      this.args = base;
      this.trial = null;
    }
    return bestOf(finished, direction)!;
  }

  /** One run; `model` (a search trial's) replaces the current one, else modelInit makes one as transformers' train() does. */
  private async runTraining(resume: string | boolean | null, model?: TrainableModel): Promise<TrainOutput> {
    const plan = this.plan();
    this.runId = newRunId();
    if (model) this.currentModel = model;
    else if (this.modelInit) this.currentModel = checkModel(await this.modelInit(), "modelInit()");
    const a = this.args;
    // As HF makes output_dir at the start: a folder that cannot take checkpoints fails now, not at the first save.
    if (a.saveStrategy !== "no" || a.pushToHub) await checkWritableFolder(a.outputDir, "checkpoints", "Set TrainingArguments' outputDir to a folder you can write to.");
    const params = this.model.namedParameters();
    this.optimizer?.dispose();
    const optimizer = new AdamW(params, { betas: [a.adamBeta1, a.adamBeta2], eps: a.adamEpsilon, weightDecay: a.weightDecay, noDecay: isNoDecayParameter });
    this.optimizer = optimizer;
    const scheduler = new LambdaLR(a.learningRate, scheduleLambda(a.lrSchedulerType, plan.warmupSteps, plan.maxSteps));
    this.state = new TrainerState();
    if (resume) {
      const dir = resume === true ? await latestCheckpoint(a.outputDir) : resume;
      if (!dir) throw new Error(`resumeFromCheckpoint: no checkpoint-N folder in ${a.outputDir}. Train without resumeFromCheckpoint first, or name a checkpoint folder.`);
      const loaded = await loadCheckpoint(dir, this.model, optimizer);
      this.state = loaded.state;
      scheduler.loadStateDict(loaded.scheduler);
      if (loaded.rng.collator !== null && loaded.rng.collator !== undefined) this.dataCollator.setRngState?.(loaded.rng.collator);
      this.lastCheckpoint = dir;
    }
    const s = this.state;
    Object.assign(s, { maxSteps: plan.maxSteps, numTrainEpochs: plan.numTrainEpochs, loggingSteps: plan.loggingSteps, evalSteps: plan.evalSteps, saveSteps: plan.saveSteps, trainBatchSize: a.perDeviceTrainBatchSize });
    const startStep = s.globalStep;
    const epochsTrained = Math.floor(startStep / plan.updatesPerEpoch);
    const updatesDoneInEpoch = startStep % plan.updatesPerEpoch;

    this.status = "running";
    this.trainingStarted = true;
    this.message = null;
    this.lastStepLoss = null;
    this.stepHistory.clear();
    this.tokensPerSecond = null;
    this.etaMs = null;
    this.runStartedAt = Date.now();
    const what = this.trial ? `Training trial ${this.trial.number}/${this.trial.of}` : "Training";
    const progress = startProgress(startStep > 0 ? `${what} (resumed at step ${startStep})` : what, plan.maxSteps - startStep, "step", 250);
    let lossWindow = 0;
    let windowStart = startStep;
    let windowTokens = 0;
    // Seconds spent in training steps in this window: tokens/s leaves evaluation and saving out.
    let windowSeconds = 0;
    let lossThisRun = 0;
    let lastGradNorm = 0;
    // The rate the last step used: transformers 5 logs that one (4.x logged the next step's).
    let lastStepLr = scheduler.lastLr;
    let lastSavedStep = -1;
    const divergence = new DivergenceWatch();
    const event = (): CallbackEvent => ({ args: a, state: s });
    this.emit("onTrainBegin", event());
    this.show(true);

    const logStep = (): void => {
      if (s.globalStep <= windowStart) return;
      // Unrounded, as transformers 5 logs it (4.x rounded to 4 places).
      this.log({ loss: lossWindow / (s.globalStep - windowStart), grad_norm: lastGradNorm, learning_rate: lastStepLr });
      lossWindow = 0;
      windowStart = s.globalStep;
      windowTokens = 0;
      windowSeconds = 0;
    };
    const save = async (): Promise<void> => {
      if (lastSavedStep === s.globalStep) return;
      this.lastCheckpoint = await saveCheckpoint(a.outputDir, {
        model: this.model,
        tokenizer: this.tokenizer,
        optimizer,
        scheduler: scheduler.stateDict(),
        rng: { collator: this.dataCollator.getRngState?.() ?? null },
        state: s,
        args: a,
      });
      lastSavedStep = s.globalStep;
      await rotateCheckpoints(a.outputDir, a.saveTotalLimit);
      this.emit("onSave", { ...event(), checkpoint: this.lastCheckpoint });
    };

    try {
      training: for (let epoch = epochsTrained; epoch < plan.numTrainEpochs; epoch++) {
        const micro = batchesOf(epochPermutation(plan.numRows, a.seed, epoch), a.perDeviceTrainBatchSize);
        const groups = batchesOf(micro, a.gradientAccumulationSteps);
        for (let g = epoch === epochsTrained ? updatesDoneInEpoch : 0; g < groups.length; g++) {
          await yieldToEventLoop();
          throwIfAborted();
          const lr = scheduler.lastLr;
          const stepStarted = performance.now();
          const step = await this.trainingStep(groups[g], optimizer, lr);
          windowSeconds += (performance.now() - stepStarted) / 1000;
          scheduler.step();
          s.globalStep += 1;
          s.epoch = epoch + (g * a.gradientAccumulationSteps + groups[g].length) / micro.length;
          s.numInputTokensSeen += step.tokens;
          lossWindow += step.loss;
          lossThisRun += step.loss;
          windowTokens += step.tokens;
          this.tokensPerSecond = windowTokens / windowSeconds;
          s.totalFlos += floatingPointOps(params, step.tokens);
          lastGradNorm = step.gradNorm;
          lastStepLr = lr;
          this.lastStepLoss = step.loss;
          this.stepHistory.add({ step: s.globalStep, loss: step.loss, learning_rate: lr });
          const divergent = divergence.check(s.globalStep, step.loss, step.gradNorm, a.learningRate);
          if (divergent) console.warn(divergent);
          const stepsThisRun = s.globalStep - startStep;
          this.etaMs = ((Date.now() - this.runStartedAt) / stepsThisRun) * (plan.maxSteps - s.globalStep);
          progress.advance(1, { step: `${s.globalStep}/${plan.maxSteps}`, loss: Number(step.loss.toFixed(4)), lr, epoch: Number(s.epoch.toFixed(2)) });
          this.emit("onStepEnd", { ...event(), loss: step.loss, gradNorm: step.gradNorm, learningRate: lr, tokensPerSecond: this.tokensPerSecond ?? 0 });
          // HF's DefaultFlowCallback.on_step_end, then _maybe_log_save_evaluate: log, evaluate, save.
          const last = s.globalStep >= plan.maxSteps;
          if (a.loggingStrategy === "steps" && (s.globalStep % plan.loggingSteps === 0 || (a.loggingFirstStep && s.globalStep === 1))) logStep();
          if (a.evalStrategy === "steps" && s.globalStep % plan.evalSteps === 0) await this.runEvaluation(this.evalDataset!, false);
          if ((a.saveStrategy === "steps" && s.globalStep % plan.saveSteps === 0) || (last && a.saveStrategy !== "no")) await save();
          this.show(false);
          if (last) {
            await this.epochEnd(logStep, save);
            break training;
          }
        }
        await this.epochEnd(logStep, save);
      }
    } catch (error) {
      progress.finish();
      throw await this.stopped(error, save, s.globalStep, plan);
    }
    progress.finish();

    const runtime = (Date.now() - this.runStartedAt) / 1000;
    const steps = s.globalStep - startStep;
    const trainLoss = steps > 0 ? lossThisRun / steps : 0;
    const metrics = {
      train_runtime: round4(runtime),
      train_samples_per_second: round3((steps * a.perDeviceTrainBatchSize * a.gradientAccumulationSteps) / runtime),
      train_steps_per_second: round3(steps / runtime),
      total_flos: s.totalFlos,
      train_loss: trainLoss,
    };
    this.log(metrics);
    this.status = "finished";
    this.show(true);
    this.emit("onTrainEnd", event());
    if (a.pushToHub) await this.pushToHub({ commitMessage: "End of training" });
    return { global_step: s.globalStep, training_loss: trainLoss, metrics: { ...metrics, epoch: s.epoch } };
  }

  /** Tells the notebook about the run that just ended, so it joins the runs table; returns its record (final metrics included). */
  private announceRun(): RunRecord {
    const record = runRecord({
      id: this.runId, startedAt: this.runStartedAt, status: this.status, args: this.args.toDict(),
      trainDataset: this.trainDataset, evalDataset: this.evalDataset, collator: this.dataCollator, modelConfig: this.currentModel?.config,
      logHistory: this.state.logHistory, stepHistory: this.stepHistory.points(), trial: this.trial,
    });
    showRunRecord(record);
    return record;
  }

  private async epochEnd(logStep: () => void, save: () => Promise<void>): Promise<void> {
    const a = this.args;
    if (a.loggingStrategy === "epoch") logStep();
    if (a.evalStrategy === "epoch") await this.runEvaluation(this.evalDataset!, false);
    if (a.saveStrategy === "epoch") await save();
    this.emit("onEpochEnd", { args: a, state: this.state });
    this.show(true);
  }

  /** One optimizer step over a group of micro-batches: loss averaged over them, as HF. */
  private async trainingStep(group: number[][], optimizer: AdamW, lr: number): Promise<{ loss: number; gradNorm: number; tokens: number }> {
    const s = this.state;
    const step = s.globalStep + 1;
    let accum: Map<string, tf.Tensor> | null = null;
    let loss = 0;
    let tokens = 0;
    let seqLen: number | null = null;
    try {
      for (let m = 0; m < group.length; m++) {
        const batch = this.collate(this.trainDataset!, group[m]);
        let result: { loss: number; grads: Map<string, tf.Tensor> };
        try {
          tokens += batch.input_ids.size;
          seqLen = batch.input_ids.shape[1] ?? null;
          result = await this.lossAndGrads(batch, stepSeed(this.args.seed, s.globalStep, m));
        } finally {
          disposeBatch(batch);
        }
        if (!Number.isFinite(result.loss)) {
          disposeGrads(result.grads);
          throw new TrainingDivergedError(step, "loss", result.loss, lr);
        }
        loss += result.loss / group.length;
        accum = accumulate(accum, result.grads, 1 / group.length);
      }
      const grads = accum!;
      // Clipping's scaling rides in the update's own pass (AdamW's gradScale), not a pass of its own.
      const gradNorm = await globalNorm(grads);
      if (!Number.isFinite(gradNorm)) throw new TrainingDivergedError(step, "grad_norm", gradNorm, lr);
      optimizer.step(grads, lr, clipCoefficient(gradNorm, this.args.maxGradNorm));
      return { loss, gradNorm, tokens };
    } catch (error) {
      if (isOutOfMemory(error)) throw new TrainingOutOfMemoryError(step, this.args.perDeviceTrainBatchSize, seqLen, error);
      throw error;
    } finally {
      if (accum) disposeGrads(accum);
    }
  }

  private collate(ds: RowSource, indices: number[]): Batch {
    const rows = indices.map((i) => ds.row(i));
    const bad = rows.find((r) => !r || typeof (r.input_ids as ArrayLike<number> | undefined)?.length !== "number");
    if (bad) throw new Error(`The dataset's rows have no "input_ids" (columns: ${Object.keys(bad ?? {}).join(", ")}). Tokenize the text (and group it into blocks) before training.`);
    return this.dataCollator(rows as TokenizedRow[]);
  }

  private async lossAndGrads(batch: Batch, seed: number): Promise<{ loss: number; grads: Map<string, tf.Tensor> }> {
    if (!batch.labels) throw new Error('Trainer: the batch has no "labels", so there is no loss to train on. Use DataCollatorForLanguageModeling as dataCollator, or add labels to the rows.');
    await onHost(batch);
    if (this.model.lossAndGrads) return this.model.lossAndGrads(batch, { training: true, seed });
    const named = this.model.namedParameters();
    const byVariable = new Map<string, string>();
    for (const [name, v] of named) byVariable.set(v.name, name);
    const { value, grads } = tf.variableGrads(() => {
      const out = this.model.forward(batch, { training: true, seed });
      if (!out.loss) throw new Error("Trainer: the model returned no loss for a batch with labels.");
      return out.loss;
    }, [...named.values()]);
    const loss = (await value.data())[0];
    value.dispose();
    const out = new Map<string, tf.Tensor>();
    for (const [varName, g] of Object.entries(grads)) out.set(byVariable.get(varName)!, g);
    return { loss, grads: out };
  }

  /** Turns a failure inside the loop into a consistent stop: a checkpoint on interrupt, the view updated. */
  private async stopped(error: unknown, save: () => Promise<void>, step: number, plan: RunPlan): Promise<unknown> {
    if (error instanceof InterruptedError) {
      this.status = "interrupted";
      let where = "";
      if (step > 0) {
        await save();
        where = ` The state is saved in ${this.lastCheckpoint}; continue with trainer.train({ resumeFromCheckpoint: true }).`;
      }
      this.message = `Training interrupted after step ${step} of ${plan.maxSteps}.${where}`;
      this.show(true);
      this.announceRun();
      return new InterruptedError(this.message);
    }
    this.status = "failed";
    this.message = (error as Error)?.message ?? String(error);
    this.show(true);
    this.announceRun();
    return error;
  }

  /** HF's evaluate(): mean loss over the eval set (batches weighted by their size), and perplexity = exp(eval_loss). */
  async evaluate(options: { evalDataset?: RowSource } = {}): Promise<EvalMetrics> {
    const ds = options.evalDataset ?? this.evalDataset;
    recordCall("Trainer.evaluate", { evalRows: ds?.numRows ?? 0, perDeviceEvalBatchSize: this.args.perDeviceEvalBatchSize });
    if (!ds) throw new Error("Trainer.evaluate: no evalDataset. Pass evalDataset to new Trainer({ ... }) or to evaluate({ evalDataset }).");
    const metrics = await this.runEvaluation(ds, true);
    // Shown beside the first evaluation of the same rows at an earlier step: the tutorial's "before and after fine-tuning".
    const step = this.state.globalStep;
    const earlier = this.evaluations.find((e) => e.step < step && e.dataset === ds && e.rows === ds.numRows);
    this.evaluations.push({ step, dataset: ds, rows: ds.numRows, metrics });
    showEvaluation(metrics, step, earlier ? { step: earlier.step, eval_loss: earlier.metrics.eval_loss, perplexity: earlier.metrics.perplexity } : null);
    return metrics;
  }

  private async runEvaluation(ds: RowSource, standalone: boolean): Promise<EvalMetrics> {
    if (ds.numRows === 0) throw new Error("Trainer.evaluate: evalDataset has no rows.");
    const started = Date.now();
    const batches = batchesOf(Array.from({ length: ds.numRows }, (_, i) => i), this.args.perDeviceEvalBatchSize);
    const progress = startProgress("Evaluating", batches.length, "batch", 250);
    let weighted = 0;
    try {
      for (const indices of batches) {
        await yieldToEventLoop();
        throwIfAborted();
        const batch = this.collate(ds, indices);
        try {
          await onHost(batch);
          const lossTensor = tf.tidy(() => {
            // Only the loss is kept, so the LM head may run at labelled positions only (same loss).
            const out = this.model.forward(batch, { training: false, returnLogits: false });
            if (!out.loss) throw new Error('Trainer.evaluate: the model returned no loss: the eval batches need "labels" (use DataCollatorForLanguageModeling).');
            return out.loss;
          });
          weighted += (await lossTensor.data())[0] * indices.length;
          lossTensor.dispose();
        } catch (error) {
          if (isOutOfMemory(error)) throw new Error(`Evaluation ran out of memory (batch of ${indices.length}). Lower perDeviceEvalBatchSize. (${(error as Error).message})`);
          throw error;
        } finally {
          disposeBatch(batch);
        }
        progress.advance(1);
      }
    } finally {
      progress.finish();
    }
    const runtime = Math.max((Date.now() - started) / 1000, 1e-6);
    const evalLoss = weighted / ds.numRows;
    const metrics: EvalMetrics = {
      eval_loss: evalLoss,
      perplexity: Math.exp(evalLoss),
      eval_runtime: round4(runtime),
      eval_samples_per_second: round3(ds.numRows / runtime),
      eval_steps_per_second: round3(batches.length / runtime),
    };
    if (this.state.epoch > 0 || !standalone) metrics.epoch = this.state.epoch;
    const { perplexity: _omit, ...logged } = metrics;
    void _omit;
    this.log(logged as LogEntry);
    this.emit("onEvaluate", { args: this.args, state: this.state, metrics });
    if (this.trainingStarted) this.show(true);
    return metrics;
  }

  /** HF's Trainer.log: adds epoch and step, appends to log_history, tells callbacks (with speed and ETA). */
  private log(values: LogEntry): void {
    const entry: LogEntry = { ...values, epoch: this.state.epoch, step: this.state.globalStep };
    this.state.logHistory.push(entry);
    this.emit("onLog", { args: this.args, state: this.state, logs: entry, tokensPerSecond: this.tokensPerSecond, etaMs: this.status === "running" ? this.etaMs : null });
  }

  private emit<K extends keyof TrainerCallback>(hook: K, payload: Parameters<NonNullable<TrainerCallback[K]>>[0]): void {
    for (const cb of this.callbacks) (cb[hook] as ((p: typeof payload) => void) | undefined)?.call(cb, payload);
  }

  /** Replaces the live view; step updates at most 4 times a second. */
  private show(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastShown < 250) return;
    this.lastShown = now;
    showTraining(this.displayId, this.view());
  }

  view(): TrainingView {
    const s = this.state;
    return {
      runId: this.runId,
      status: this.status,
      message: this.message,
      globalStep: s.globalStep,
      maxSteps: s.maxSteps,
      epoch: s.epoch,
      numTrainEpochs: s.numTrainEpochs,
      logHistory: s.logHistory,
      evalResults: s.logHistory.filter((e) => "eval_loss" in e).map((e) => ({ ...e, perplexity: Math.exp(e.eval_loss) })),
      lastStepLoss: this.lastStepLoss,
      stepHistory: this.stepHistory.points(),
      tokensPerSecond: this.tokensPerSecond,
      etaMs: this.status === "running" ? this.etaMs : null,
      elapsedMs: Date.now() - this.runStartedAt,
      backend: backendInfo(),
      adapter: tf.getBackend() === "webgpu" ? webGpuAdapter() : null,
      outputDir: this.args.outputDir,
      lastCheckpoint: this.lastCheckpoint,
    };
  }

  /** Saves the model (and tokenizer) to outputDir, as HF's save_model. */
  async saveModel(outputDir = this.args.outputDir): Promise<void> {
    await this.model.savePretrained(outputDir);
    if (this.tokenizer) await this.tokenizer.savePretrained(outputDir);
  }

  /** Saves the model, tokenizer and a model card to outputDir and commits them to the Hub repo. */
  async pushToHub(options: { commitMessage?: string } = {}): Promise<PushResult> {
    recordCall("Trainer.pushToHub", { hubModelId: this.args.hubModelId, hubUrl: this.args.hubUrl, commitMessage: options.commitMessage ?? "End of training" });
    await this.saveModel();
    return pushTrainerToHub({ args: this.args, logHistory: this.state.logHistory, commitMessage: options.commitMessage ?? "End of training" });
  }
}

function checkModel(model: TrainableModel | undefined, what: string): TrainableModel {
  if (typeof model?.namedParameters !== "function" || typeof model.forward !== "function") {
    throw new TypeError(`Trainer: ${what} must be a masked LM, e.g. \`await AutoModelForMaskedLM.fromPretrained(...)\` or \`RobertaForMaskedLM.fromConfig(config)\`.`);
  }
  return model;
}

function accumulate(accum: Map<string, tf.Tensor> | null, grads: Map<string, tf.Tensor>, scale: number): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const [name, g] of grads) {
    const prev = accum?.get(name);
    if (!prev && scale === 1) {
      out.set(name, g);
      continue;
    }
    out.set(name, tf.tidy(() => {
      const scaled = scale === 1 ? g : g.mul(scale);
      return prev ? scaled.add(prev) : scaled;
    }));
    prev?.dispose();
    g.dispose();
  }
  // A parameter absent from this batch's graph keeps its earlier gradient.
  if (accum) for (const [name, t] of accum) if (!out.has(name)) out.set(name, t);
  return out;
}

/** HF's floating_point_ops estimate: 6 × tokens × parameters, embeddings left out. */
function floatingPointOps(params: Map<string, tf.Variable>, tokens: number): number {
  let n = 0;
  for (const [name, v] of params) if (!/embeddings\.\w+_embeddings\.weight$/.test(name)) n += v.size;
  return 6 * tokens * n;
}

function disposeGrads(grads: Map<string, tf.Tensor>): void {
  for (const g of grads.values()) g.dispose();
}

function disposeBatch(batch: Batch): void {
  for (const t of Object.values(batch)) if (t instanceof tf.Tensor) t.dispose();
}

/**
 * Makes sure the batch's values are readable on the host without a sync GPU read (the model reads
 * ids and labels to build positions and pick labelled rows). Free for fresh collator tensors.
 */
async function onHost(batch: Batch): Promise<void> {
  await Promise.all(Object.values(batch).map((t) => (t instanceof tf.Tensor ? t.data() : null)));
}
