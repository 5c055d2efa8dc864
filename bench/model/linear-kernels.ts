// The linear layers' kernels (native-linear.ts) at DistilRoBERTa's shapes (batch 8 × 128), as the
// wasm backend runs them in a step, against the ceiling's product of the same shape (a[m, k]·b[k, n]
// on native-matmul.ts, repeated back to back as bench/ceiling does) in the same process: what
// share of the ceiling the step's products reach by themselves, before anything else in the step.
// Each way of each shape is timed as alternated.ts does.
// Usage: MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=68719476736 node --single-threaded-gc --import tsx bench/model/linear-kernels.ts
// (the malloc settings keep onnxruntime-node's output copies off fresh pages: alone, without a step's
// allocations around them, they can land on fresh pages every call, whose faults then dominate)
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { LINEAR_GRAD_KERNEL, LINEAR_KERNEL } from "../../src/engine/backend/native-linear";
import { loadNativeMatMul } from "../../src/engine/backend/native-matmul";
import { alternatedMs } from "./alternated";

await ready();
const mm = loadNativeMatMul();
/** [tokens, in, out] and how many of each a DistilRoBERTa step has. */
const SHAPES: [string, number, number, number, number][] = [
  ["FFN up", 1024, 768, 3072, 6],
  ["FFN down", 1024, 3072, 768, 6],
  ["attention projections", 1024, 768, 768, 24],
];
const rows: string[] = [];
let stepMs = 0;
let stepGflop = 0;
for (const [name, n, k, out, count] of SHAPES) {
  const x = tf.randomNormal([n, k], 0, 1, "float32", 1);
  const w = tf.randomNormal([out, k], 0, 0.05, "float32", 2);
  const b = tf.randomNormal([out], 0, 0.05, "float32", 3);
  const dy = tf.randomNormal([n, out], 0, 1, "float32", 4);
  const a = new Float32Array(n * k).fill(0.5);
  const bm = new Float32Array(k * out).fill(0.25);
  const c = new Float32Array(n * out);
  const [fwd, grad, product] = alternatedMs([
    () => tf.dispose(tf.engine().runKernel(LINEAR_KERNEL, { x, w, b }) as tf.Tensor),
    () => tf.dispose(tf.engine().runKernel(LINEAR_GRAD_KERNEL, { dy, x, w }) as tf.Tensor[]),
    () => mm.multiply(a, [n, k], bm, [k, out], false, false, c, [n, out]),
  ]);
  const gflop = (2 * n * k * out) / 1e9;
  const rate = (ms: number, products: number): string => `${((products * gflop) / ms * 1000).toFixed(0)}`;
  rows.push(`| ${name} ${n} × ${k} → ${out} (×${count}) | ${fwd.toFixed(2)} ms, ${rate(fwd, 1)} | ${grad.toFixed(2)} ms, ${rate(grad, 2)} | ${product.toFixed(2)} ms, ${rate(product, 1)} |`);
  stepMs += count * (fwd + grad);
  stepGflop += count * 3 * gflop;
  tf.dispose([x, w, b, dy]);
}
console.log(`${new Date().toISOString()}; ${mm.description}`);
console.log("| layer | forward (x·Wᵀ + b), GFLOP/s | backward (dx, dW, db), GFLOP/s | ceiling's product a·b, GFLOP/s |");
console.log("| --- | --- | --- | --- |");
for (const r of rows) console.log(r);
console.log(`a step's linear layers: ${stepMs.toFixed(0)} ms for ${stepGflop.toFixed(1)} GFLOP = ${(stepGflop / stepMs * 1000).toFixed(0)} GFLOP/s`);
