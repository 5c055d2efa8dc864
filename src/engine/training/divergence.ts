// Divergence that stays finite (lr 1e6: loss 10.8 → 3e13) never trips TrainingDivergedError,
// so the run would go on, wasting its hours, with nothing said. One warning per run, the first
// time the loss or the gradient norm runs far past where the run started.

/** Loss more than this many times its first step's. */
const LOSS_FACTOR = 10;
/** Gradient norm (before clipping) more than this many times its first step's. */
const GRAD_NORM_FACTOR = 100;

export class DivergenceWatch {
  private start: { loss: number; gradNorm: number } | null = null;
  private warned = false;

  /** The warning to show, once, when this step looks divergent; else null. */
  check(step: number, loss: number, gradNorm: number, learningRate: number): string | null {
    if (!this.start) {
      this.start = { loss, gradNorm };
      return null;
    }
    if (this.warned) return null;
    const what =
      loss > this.start.loss * LOSS_FACTOR && loss > 1 ? `the loss is ${loss.toPrecision(3)}, over ${LOSS_FACTOR}× its start (${this.start.loss.toPrecision(3)})`
      : gradNorm > this.start.gradNorm * GRAD_NORM_FACTOR && gradNorm > 1 ? `the gradient norm is ${gradNorm.toPrecision(3)}, over ${GRAD_NORM_FACTOR}× its start (${this.start.gradNorm.toPrecision(3)})`
      : null;
    if (!what) return null;
    this.warned = true;
    return (
      `Training looks divergent at step ${step}: ${what}. Lower learningRate (it is ${learningRate}), ` +
      `add warmupSteps, or keep maxGradNorm at 1.0; then train again from the model as it was before this run.`
    );
  }
}
