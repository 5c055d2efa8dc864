// The order of training rows: a seeded shuffle per epoch. Each epoch's order depends only on
// (seed, epoch), so a run resumed mid-epoch regenerates the same order with no saved RNG.
// Repeatable with our own RNG (seedrandom's alea), not torch's RandomSampler order.
import seedrandom from "seedrandom";

export function epochPermutation(numRows: number, seed: number, epoch: number): number[] {
  const rng = seedrandom.alea(`mlm-notebook/sampler/${seed}/${epoch}`);
  const order = Array.from({ length: numRows }, (_, i) => i);
  // Fisher–Yates, from the end.
  for (let i = numRows - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Consecutive slices of `size` (the last may be shorter: drop_last is False in HF). */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A seed for dropout in one micro-batch, fixed by (seed, step, micro-batch): resumable without state. */
export function stepSeed(seed: number, globalStep: number, micro: number): number {
  return Math.floor(seedrandom.alea(`mlm-notebook/dropout/${seed}/${globalStep}/${micro}`)() * 2 ** 31);
}
