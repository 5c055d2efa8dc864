// The dropout rule the webgpu shader and the host kernel promise, written out independently of
// both: element i is kept when lowbias32(i ^ lowbias32(seed)) ≥ p·2³².
function lowbias32(v: number): number {
  let h = v >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export const kept = (i: number, seed: number, rate: number): boolean => lowbias32((i ^ lowbias32(seed)) >>> 0) >= Math.floor(rate * 2 ** 32);
