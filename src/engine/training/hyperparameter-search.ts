// Trainer.hyperparameterSearch's trials, after transformers' hyperparameter_search: the space is
// declared (a list of values, or a {low, high} range), so the grid is known up front and the Python
// export can name the same space for optuna. "grid" walks the lists as itertools.product does;
// "random" draws each value with a seeded generator.
import { Rng } from "../collators/rng";

export type HpValue = number | string | boolean;
/** A range for the random backend: uniform, or log-uniform with `log`; whole numbers with `int`. */
export interface HpRange {
  low: number;
  high: number;
  log?: boolean;
  int?: boolean;
}
/** TrainingArguments field (camelCase) → the values to try. */
export type HpSpace = Record<string, readonly HpValue[] | HpRange>;
export type HpBackend = "grid" | "random";
export type HpDirection = "minimize" | "maximize";

export interface HyperparameterSearchOptions {
  hpSpace: HpSpace;
  /** Default: every point of a grid; 20 random trials (transformers' default). */
  nTrials?: number;
  direction?: HpDirection;
  backend?: HpBackend;
  /** The random backend's seed (default 42). */
  seed?: number;
  /** The number a trial is judged by; default eval_loss, else the training loss (transformers' default_compute_objective). */
  computeObjective?: (metrics: Record<string, number>) => number;
}

/** transformers' BestRun: the winning trial, its objective and its hyperparameters. */
export interface BestRun {
  /** The trial's run id (its row in the runs table). */
  runId: string;
  objective: number;
  hyperparameters: Record<string, HpValue>;
}

const isRange = (v: readonly HpValue[] | HpRange): v is HpRange => !Array.isArray(v);

/** The trials to run, in order. */
export function plannedTrials(space: HpSpace, backend: HpBackend, nTrials: number | undefined, seed: number): Record<string, HpValue>[] {
  const keys = Object.keys(space);
  if (keys.length === 0) throw new Error("hyperparameterSearch: hpSpace is empty. Give TrainingArguments fields and the values to try, e.g. { learningRate: [1e-4, 5e-5, 2e-5] }.");
  for (const k of keys) {
    const v = space[k];
    if (isRange(v)) {
      if (backend === "grid") throw new Error(`hyperparameterSearch: "${k}" is a range, which a grid cannot walk. Give a list of values, or use backend: "random".`);
      if (!(Number.isFinite(v.low) && Number.isFinite(v.high) && v.low <= v.high) || (v.log && v.low <= 0)) throw new Error(`hyperparameterSearch: "${k}" needs low ≤ high${v.log ? ", both > 0 on a log scale" : ""} (got ${v.low}, ${v.high}).`);
    } else if (v.length === 0) throw new Error(`hyperparameterSearch: "${k}" has no values to try.`);
  }
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 1)) throw new Error(`hyperparameterSearch: nTrials must be a whole number ≥ 1 (got ${nTrials}).`);
  if (backend === "grid") return grid(keys, space as Record<string, readonly HpValue[]>).slice(0, nTrials);
  if (backend !== "random") throw new Error(`hyperparameterSearch: backend must be "grid" or "random" (got "${String(backend)}"); the Python export uses optuna.`);
  const rng = new Rng(seed);
  return Array.from({ length: nTrials ?? 20 }, () => Object.fromEntries(keys.map((k) => [k, draw(space[k], rng)])));
}

/** The cartesian product, the last key changing fastest (itertools.product's order). */
function grid(keys: string[], space: Record<string, readonly HpValue[]>): Record<string, HpValue>[] {
  let points: Record<string, HpValue>[] = [{}];
  for (const k of keys) points = points.flatMap((p) => space[k].map((v) => ({ ...p, [k]: v })));
  return points;
}

function draw(v: readonly HpValue[] | HpRange, rng: Rng): HpValue {
  if (!isRange(v)) return v[rng.int(v.length)];
  const u = rng.next();
  const x = v.log ? Math.exp(Math.log(v.low) + u * (Math.log(v.high) - Math.log(v.low))) : v.low + u * (v.high - v.low);
  return v.int ? Math.min(v.high, Math.floor(x)) : x;
}

export function defaultObjective(metrics: Record<string, number>): number {
  return metrics.eval_loss ?? metrics.train_loss;
}

/** The best of the finished trials by the direction, or null when none finished. */
export function bestOf(trials: BestRun[], direction: HpDirection): BestRun | null {
  let best: BestRun | null = null;
  for (const t of trials) if (best === null || (direction === "minimize" ? t.objective < best.objective : t.objective > best.objective)) best = t;
  return best;
}
