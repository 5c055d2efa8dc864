// trainer.hyperparameterSearch as transformers writes it: a model_init that makes the notebook's
// model afresh, an optuna hp_space with the same names and values (suggest_categorical for a list,
// suggest_float / suggest_int for a range), and optuna's GridSampler or a seeded RandomSampler so
// the trials are those the notebook's grid or random backend ran.
import { pyLiteral, snakeCase } from "./python-literal";

interface Range {
  low: number;
  high: number;
  log?: boolean;
  int?: boolean;
}

const isRange = (v: unknown): v is Range => typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Range).low === "number" && typeof (v as Range).high === "number";

/** `modelExpr` is the Python expression that made the notebook's model (e.g. AutoModelForMaskedLM.from_pretrained(...)). */
export function hyperparameterSearchPython(p: Record<string, unknown>, modelExpr: string): string[] {
  const space = Object.entries((p.hpSpace ?? {}) as Record<string, unknown>).map(([k, v]): [string, unknown] => [snakeCase(k), v]);
  const suggest = ([name, v]: [string, unknown]): string => {
    const n = pyLiteral(name);
    if (!isRange(v)) return `trial.suggest_categorical(${n}, ${pyLiteral(v)})`;
    return v.int ? `trial.suggest_int(${n}, ${Math.ceil(v.low)}, ${Math.floor(v.high)}${v.log ? ", log=True" : ""})` : `trial.suggest_float(${n}, ${pyLiteral(v.low)}, ${pyLiteral(v.high)}${v.log ? ", log=True" : ""})`;
  };
  const sampler =
    p.backend === "random"
      ? `optuna.samplers.RandomSampler(seed=${pyLiteral(p.seed ?? 42)})`
      : `optuna.samplers.GridSampler({${space.map(([k, v]) => `${pyLiteral(k)}: ${pyLiteral(v)}`).join(", ")}})`;
  return [
    `# The notebook's hyperparameterSearch (backend "${String(p.backend ?? "grid")}") with optuna (pip install optuna): each trial a fresh model; optuna visits a grid in its own order.`,
    "def model_init(trial):",
    `    return ${modelExpr}`,
    "",
    "",
    "def hp_space(trial):",
    "    return {",
    ...space.map((entry) => `        ${pyLiteral(entry[0])}: ${suggest(entry)},`),
    "    }",
    "",
    "",
    "trainer.model_init = model_init",
    "best_run = trainer.hyperparameter_search(",
    "    hp_space=hp_space,",
    ...(p.nTrials !== null && p.nTrials !== undefined ? [`    n_trials=${pyLiteral(p.nTrials)},`] : p.backend === "random" ? [] : [`    n_trials=${gridSize(space)},`]),
    `    direction=${pyLiteral(p.direction ?? "minimize")},`,
    '    backend="optuna",',
    `    sampler=${sampler},`,
    ")",
    "print(best_run)",
  ];
}

function gridSize(space: [string, unknown][]): number {
  return space.reduce((n, [, v]) => n * (Array.isArray(v) ? v.length : 1), 1);
}
