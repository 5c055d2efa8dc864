// Every step's loss and learning rate, for the live chart: HF logs only every loggingSteps (500 by
// default), so a short run would otherwise chart nothing but its evaluations. A long run is thinned
// by doubling the stride, so the view stays under `max` points.
import type { StepPoint } from "../../api/payloads/training";

export type { StepPoint };

export class StepHistory {
  private stride = 1;
  private kept: StepPoint[] = [];

  constructor(private readonly max = 1000) {}

  add(point: StepPoint): void {
    if (point.step % this.stride !== 0) return;
    this.kept.push(point);
    if (this.kept.length > this.max) {
      this.stride *= 2;
      this.kept = this.kept.filter((p) => p.step % this.stride === 0);
    }
  }

  clear(): void {
    this.stride = 1;
    this.kept = [];
  }

  /** A copy, since views are serialized later. */
  points(): StepPoint[] {
    return [...this.kept];
  }
}
