// AdamW's in-place update over one parameter-sized buffer: onnxruntime's graph (native-adamw.ts)
// against the JavaScript loop it replaces (the same float32 roundings), timed alternately, and
// whether every element came out the same.
// Usage: node --import tsx bench/model/adamw.ts [elements]   (7,000,000 ≈ tiny, 82,000,000 ≈ DistilRoBERTa)
import { loadNativeAdamW } from "../../src/engine/backend/native-adamw";
const n = Number(process.argv[2] ?? 7_000_000);
const mk = () => { const a = new Float32Array(n); for (let i = 0; i < n; i++) a[i] = Math.sin(i) * 0.1; return a; };
const p = mk(), g = mk().map((x) => x * 3), m = new Float32Array(n), v = new Float32Array(n);
const p2 = p.slice(), m2 = m.slice(), v2 = v.slice();
const upd = loadNativeAdamW();
const f = Math.fround;
function js(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, step: number) {
  const decay = f(1 - 5e-5 * 0.01), b1 = f(0.9), b2 = f(0.999), omb1 = f(1 - 0.9), omb2 = f(1 - 0.999), nss = f(-5e-5 / (1 - 0.9 ** step)), bc2 = f(Math.sqrt(1 - 0.999 ** step)), eps = f(1e-8);
  for (let i = 0; i < n; i++) { const gi = g[i]; const pi = f(p[i] * decay); const mi = f(f(m[i] * b1) + f(gi * omb1)); const vi = f(f(v[i] * b2) + f(f(gi * gi) * omb2)); const den = f(f(f(Math.sqrt(vi)) / bc2) + eps); m[i] = mi; v[i] = vi; p[i] = f(pi + f(nss * f(mi / den))); }
}
for (let s = 1; s <= 4; s++) {
  let t0 = performance.now(); upd(p, g, m, v, { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step: s }); const tn = performance.now() - t0;
  t0 = performance.now(); js(p2, g, m2, v2, s); const tj = performance.now() - t0;
  let diff = 0; for (let i = 0; i < n; i++) { if (p[i] !== p2[i]) { diff++; } }
  console.log(`step ${s}: native ${tn.toFixed(1)} ms, js ${tj.toFixed(1)} ms, params differing: ${diff}`);
}
