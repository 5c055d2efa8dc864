// Learning-rate schedules as transformers' get_scheduler builds them: a multiplier of the base
// rate per scheduler step, applied the way torch's LambdaLR does (lr_k = base * lambda(k)).
import type { SchedulerType } from "./arguments";

export type LrLambda = (step: number) => number;

export function scheduleLambda(type: SchedulerType, warmupSteps: number, trainingSteps: number): LrLambda {
  const warm = (step: number): number => step / Math.max(1, warmupSteps);
  switch (type) {
    // HF's "constant" ignores warmup; "constant_with_warmup" is the one that ramps.
    case "constant":
      return () => 1;
    case "constant_with_warmup":
      return (step) => (step < warmupSteps ? warm(step) : 1);
    case "linear":
      return (step) => (step < warmupSteps ? warm(step) : Math.max(0, (trainingSteps - step) / Math.max(1, trainingSteps - warmupSteps)));
    case "cosine":
      // num_cycles = 0.5: one half-cosine from the base rate down to 0.
      return (step) => {
        if (step < warmupSteps) return warm(step);
        const progress = (step - warmupSteps) / Math.max(1, trainingSteps - warmupSteps);
        return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * 0.5 * 2 * progress)));
      };
  }
}

/** HF's get_warmup_steps: warmupSteps wins when set, else ceil(warmupRatio × total). */
export function warmupStepsFor(warmupSteps: number, warmupRatio: number, trainingSteps: number): number {
  return warmupSteps > 0 ? warmupSteps : Math.ceil(trainingSteps * warmupRatio);
}

export interface SchedulerState {
  /** torch's LambdaLR.last_epoch: how many times step() ran. */
  last_epoch: number;
  base_lrs: number[];
  _last_lr: number[];
}

/** torch.optim.lr_scheduler.LambdaLR over one base rate. */
export class LambdaLR {
  private lastEpoch = 0;

  constructor(
    readonly baseLr: number,
    private readonly lambda: LrLambda,
  ) {}

  /** The rate the next optimizer step uses (torch's get_last_lr()[0]). */
  get lastLr(): number {
    return this.baseLr * this.lambda(this.lastEpoch);
  }

  step(): void {
    this.lastEpoch += 1;
  }

  stateDict(): SchedulerState {
    return { last_epoch: this.lastEpoch, base_lrs: [this.baseLr], _last_lr: [this.lastLr] };
  }

  loadStateDict(state: SchedulerState): void {
    if (!Number.isInteger(state.last_epoch) || state.last_epoch < 0) throw new Error(`Scheduler state is damaged: last_epoch = ${state.last_epoch}.`);
    this.lastEpoch = state.last_epoch;
  }
}
