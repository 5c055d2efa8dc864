// TrainingArguments: Hugging Face's names (camelCase) and defaults, so a person who knows
// `transformers.TrainingArguments` finds every knob where they expect it.
import { recordCall } from "../runtime/index";

export type IntervalStrategy = "no" | "steps" | "epoch";
export type SchedulerType = "linear" | "constant" | "constant_with_warmup" | "cosine";

export interface TrainingArgumentsInit {
  outputDir?: string;
  evalStrategy?: IntervalStrategy;
  /** Run an evaluation every N optimizer steps (evalStrategy "steps"); defaults to loggingSteps. A value below 1 is a ratio of maxSteps. */
  evalSteps?: number | null;
  learningRate?: number;
  numTrainEpochs?: number;
  /** When positive, overrides numTrainEpochs. */
  maxSteps?: number;
  perDeviceTrainBatchSize?: number;
  perDeviceEvalBatchSize?: number;
  gradientAccumulationSteps?: number;
  weightDecay?: number;
  adamBeta1?: number;
  adamBeta2?: number;
  adamEpsilon?: number;
  maxGradNorm?: number;
  lrSchedulerType?: SchedulerType;
  warmupSteps?: number;
  warmupRatio?: number;
  loggingStrategy?: IntervalStrategy;
  loggingSteps?: number;
  loggingFirstStep?: boolean;
  saveStrategy?: IntervalStrategy;
  saveSteps?: number;
  saveTotalLimit?: number | null;
  seed?: number;
  pushToHub?: boolean;
  hubModelId?: string | null;
  hubToken?: string | null;
  hubPrivateRepo?: boolean;
  /** Our addition: the Hub to push to (a mirror, or the test stand-in). */
  hubUrl?: string | null;
  resumeFromCheckpoint?: string | boolean | null;
}

const DEFAULTS: Required<TrainingArgumentsInit> = {
  outputDir: "trainer_output",
  evalStrategy: "no",
  evalSteps: null,
  learningRate: 5e-5,
  numTrainEpochs: 3,
  maxSteps: -1,
  perDeviceTrainBatchSize: 8,
  perDeviceEvalBatchSize: 8,
  gradientAccumulationSteps: 1,
  weightDecay: 0,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  maxGradNorm: 1.0,
  lrSchedulerType: "linear",
  warmupSteps: 0,
  warmupRatio: 0,
  loggingStrategy: "steps",
  loggingSteps: 500,
  loggingFirstStep: false,
  saveStrategy: "steps",
  saveSteps: 500,
  saveTotalLimit: null,
  seed: 42,
  pushToHub: false,
  hubModelId: null,
  hubToken: null,
  hubPrivateRepo: false,
  hubUrl: null,
  resumeFromCheckpoint: null,
};

const STRATEGIES: readonly IntervalStrategy[] = ["no", "steps", "epoch"];
const SCHEDULERS: readonly SchedulerType[] = ["linear", "constant", "constant_with_warmup", "cosine"];

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export class TrainingArguments implements Required<TrainingArgumentsInit> {
  outputDir!: string;
  evalStrategy!: IntervalStrategy;
  evalSteps!: number | null;
  learningRate!: number;
  numTrainEpochs!: number;
  maxSteps!: number;
  perDeviceTrainBatchSize!: number;
  perDeviceEvalBatchSize!: number;
  gradientAccumulationSteps!: number;
  weightDecay!: number;
  adamBeta1!: number;
  adamBeta2!: number;
  adamEpsilon!: number;
  maxGradNorm!: number;
  lrSchedulerType!: SchedulerType;
  warmupSteps!: number;
  warmupRatio!: number;
  loggingStrategy!: IntervalStrategy;
  loggingSteps!: number;
  loggingFirstStep!: boolean;
  saveStrategy!: IntervalStrategy;
  saveSteps!: number;
  saveTotalLimit!: number | null;
  seed!: number;
  pushToHub!: boolean;
  hubModelId!: string | null;
  hubToken!: string | null;
  hubPrivateRepo!: boolean;
  hubUrl!: string | null;
  resumeFromCheckpoint!: string | boolean | null;
  /** The arguments the caller set, defaults or not: the Python export writes each of them. */
  readonly #given: string[];

  constructor(init: TrainingArgumentsInit = {}) {
    for (const key of Object.keys(init)) {
      if (key in DEFAULTS) continue;
      const camel = camelCase(key);
      const hint = camel in DEFAULTS ? ` Use "${camel}" (the camelCase of Hugging Face's "${key}").` : ` Known arguments: ${Object.keys(DEFAULTS).join(", ")}.`;
      throw new Error(`TrainingArguments: unknown argument "${key}".${hint}`);
    }
    const merged = { ...DEFAULTS } as Record<string, unknown>;
    for (const [k, v] of Object.entries(init)) if (v !== undefined) merged[k] = v;
    Object.assign(this, merged);
    this.#given = Object.keys(init).filter((k) => init[k as keyof TrainingArgumentsInit] !== undefined);
    // As HF's __post_init__: evaluating on "steps" without evalSteps follows loggingSteps.
    if (this.evalStrategy === "steps" && (this.evalSteps === null || this.evalSteps === 0)) this.evalSteps = this.loggingSteps;
    this.validate();
    recordCall("TrainingArguments", this.toDict());
  }

  private validate(): void {
    const positiveInt = (name: keyof this, value: number): void => {
      if (!Number.isInteger(value) || value < 1) throw new Error(`TrainingArguments: ${String(name)} must be a whole number ≥ 1 (got ${value}).`);
    };
    const steps = (name: keyof this, value: number): void => {
      // HF: a value in (0, 1) is a ratio of the total training steps.
      if (!(value > 0) || (value > 1 && !Number.isInteger(value))) throw new Error(`TrainingArguments: ${String(name)} must be a whole number ≥ 1, or a ratio in (0, 1) of the training steps (got ${value}).`);
    };
    for (const [name, value] of [["evalStrategy", this.evalStrategy], ["saveStrategy", this.saveStrategy], ["loggingStrategy", this.loggingStrategy]] as const) {
      if (!STRATEGIES.includes(value)) throw new Error(`TrainingArguments: ${name} must be one of ${STRATEGIES.map((s) => `"${s}"`).join(", ")} (got "${value}").`);
    }
    if (!SCHEDULERS.includes(this.lrSchedulerType)) throw new Error(`TrainingArguments: lrSchedulerType must be one of ${SCHEDULERS.map((s) => `"${s}"`).join(", ")} (got "${this.lrSchedulerType}").`);
    if (!(this.learningRate >= 0) || !Number.isFinite(this.learningRate)) throw new Error(`TrainingArguments: learningRate must be a finite number ≥ 0 (got ${this.learningRate}).`);
    if (!(this.numTrainEpochs > 0) && this.maxSteps <= 0) throw new Error(`TrainingArguments: numTrainEpochs must be > 0 unless maxSteps is set (got ${this.numTrainEpochs}).`);
    if (!Number.isInteger(this.maxSteps)) throw new Error(`TrainingArguments: maxSteps must be a whole number (got ${this.maxSteps}); -1 means "use numTrainEpochs".`);
    positiveInt("perDeviceTrainBatchSize", this.perDeviceTrainBatchSize);
    positiveInt("perDeviceEvalBatchSize", this.perDeviceEvalBatchSize);
    positiveInt("gradientAccumulationSteps", this.gradientAccumulationSteps);
    if (!(this.weightDecay >= 0)) throw new Error(`TrainingArguments: weightDecay must be ≥ 0 (got ${this.weightDecay}).`);
    for (const [name, beta] of [["adamBeta1", this.adamBeta1], ["adamBeta2", this.adamBeta2]] as const) {
      if (!(beta >= 0 && beta < 1)) throw new Error(`TrainingArguments: ${name} must be in [0, 1) (got ${beta}).`);
    }
    if (!(this.adamEpsilon >= 0)) throw new Error(`TrainingArguments: adamEpsilon must be ≥ 0 (got ${this.adamEpsilon}).`);
    if (!(this.maxGradNorm >= 0)) throw new Error(`TrainingArguments: maxGradNorm must be ≥ 0 (0 turns clipping off; got ${this.maxGradNorm}).`);
    if (!(this.warmupRatio >= 0 && this.warmupRatio <= 1)) throw new Error(`TrainingArguments: warmupRatio must be in [0, 1] (got ${this.warmupRatio}).`);
    if (!Number.isInteger(this.warmupSteps) || this.warmupSteps < 0) throw new Error(`TrainingArguments: warmupSteps must be a whole number ≥ 0 (got ${this.warmupSteps}).`);
    if (this.loggingStrategy === "steps") steps("loggingSteps", this.loggingSteps);
    if (this.saveStrategy === "steps") steps("saveSteps", this.saveSteps);
    if (this.evalStrategy === "steps") steps("evalSteps", this.evalSteps ?? 0);
    if (this.saveTotalLimit !== null) positiveInt("saveTotalLimit", this.saveTotalLimit);
    if (!Number.isInteger(this.seed)) throw new Error(`TrainingArguments: seed must be a whole number (got ${this.seed}).`);
    if (!this.outputDir) throw new Error("TrainingArguments: outputDir is empty; name the folder where checkpoints and the model go.");
  }

  /** All fields in camelCase, as run (the token left out: it is a secret). */
  toDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(DEFAULTS)) out[key] = key === "hubToken" ? (this.hubToken ? "<hidden>" : null) : this[key as keyof this];
    return out;
  }

  /** The camelCase names the caller passed (with a value), in their order. */
  givenArguments(): string[] {
    return [...this.#given];
  }

  /** HF's snake_case names, as training_args are written next to a checkpoint. */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.toDict()).map(([k, v]) => [snakeCase(k), v]));
  }
}

/** HF's helper: a step interval below 1 is a ratio of the total training steps. */
export function resolveSteps(value: number, maxSteps: number): number {
  return value < 1 ? Math.ceil(maxSteps * value) : value;
}
