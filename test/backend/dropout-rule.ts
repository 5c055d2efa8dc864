// The dropout rule the webgpu shader and the host kernel promise, written out independently of
// both: element i is kept when lowbias32(i ^ lowbias32(seed)) ≥ p·2³².
import assert from "node:assert/strict";

function lowbias32(v: number): number {
  let h = v >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const kept = (i: number, seed: number, rate: number): boolean => lowbias32((i ^ lowbias32(seed)) >>> 0) >= Math.floor(rate * 2 ** 32);

/**
 * Asserts y = dropout(range(1, n + 1)) follows the rule element for element (kept ones scaled by
 * 1/(1 − rate) in float32) and drops close to `rate` of them.
 */
export function assertDropoutOfRange(y: ArrayLike<number>, seed: number, rate: number): void {
  const n = y.length;
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const expect = kept(i, seed, rate) ? Math.fround((i + 1) * Math.fround(1 / (1 - rate))) : 0;
    if (y[i] !== expect) assert.fail(`element ${i}: ${y[i]}, expected ${expect}`);
    if (y[i] === 0) dropped++;
  }
  // Binomial(n, rate): at n = 2¹⁸ and rate 0.1 the standard deviation of the dropped fraction is ~0.0006.
  assert.ok(Math.abs(dropped / n - rate) < 0.003, `dropped ${dropped / n} of the elements`);
}
