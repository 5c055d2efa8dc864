// AdamW's in-place update over one parameter-sized buffer on the wasm backend: onnxruntime's graph
// (native-adamw.ts) against the JavaScript loop it replaces (fused-adamw.ts, the same float32
// roundings), timed alternately, and whether every element came out the same.
// Usage: node --import tsx bench/model/adamw.ts [elements]   (7,000,000 ≈ tiny, 82,000,000 ≈ DistilRoBERTa)
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, ready } from "../../src/engine/backend/index";
import { useNativeAdamW } from "../../src/engine/backend/fused-adamw";
import { loadNativeAdamW } from "../../src/engine/backend/native-adamw";

await ready();
const n = Number(process.argv[2] ?? 7_000_000);
/** tf.variable(t) shares t's buffer: dispose t so the variable alone owns it (in-place needs that). */
const own = (t: tf.Tensor): tf.Variable => {
  const v = tf.variable(t);
  t.dispose();
  return v;
};
const start = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
const grad = tf.tensor1d(start.map((x) => x * 3));
const sides = [loadNativeAdamW(), null].map((update) => ({ update, p: own(tf.tensor1d(start)), m: own(tf.zeros([n])), v: own(tf.zeros([n])) }));
for (let step = 1; step <= 4; step++) {
  const ms = sides.map((s) => {
    useNativeAdamW(s.update);
    const t0 = performance.now();
    if (!adamwUpdateInPlace(s.p, grad, s.m, s.v, { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step })) throw new Error("in-place AdamW refused");
    return performance.now() - t0;
  });
  const [a, b] = sides.map((s) => s.p.dataSync());
  let differing = 0;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) differing++;
  console.log(`step ${step}: native ${ms[0].toFixed(1)} ms, js ${ms[1].toFixed(1)} ms, params differing: ${differing}`);
}
