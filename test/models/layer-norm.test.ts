// LayerNorm as two onnxruntime kernels (backend/native-layer-norm.ts) and as tf ops, on rows of very
// different scale and offset: the output against float64, the gradients against autodiff of the
// textbook (x − μ)/√(σ² + eps)·γ + β.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { hasNativeLayerNorm, LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, NATIVE_EPS, useNativeLayerNorm } from "../../src/engine/backend/native-layer-norm";
import { layerNorm } from "../../src/engine/models/ops";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** The textbook formula on tf ops, for autodiff. */
function reference(x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), g), b);
}

/** The forward in float64 on the host: float32 ops on these rows differ from it by a few ulps of the offset over the row's scale. */
function exact(x: tf.Tensor2D, g: tf.Tensor1D, b: tf.Tensor1D, eps: number): tf.Tensor2D {
  const [n, c] = x.shape;
  const [xv, gv, bv] = [x, g, b].map((t) => Float64Array.from(t.dataSync()));
  const y = new Float32Array(n * c);
  for (let r = 0; r < n; r++) {
    const row = xv.subarray(r * c, (r + 1) * c);
    const mean = row.reduce((s, v) => s + v, 0) / c;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / c;
    row.forEach((v, j) => (y[r * c + j] = ((v - mean) / Math.sqrt(variance + eps)) * gv[j] + bv[j]));
  }
  return tf.tensor2d(y, [n, c]);
}

/** Rows scaled from 0.05 to 30 around an offset of 5, as residual streams have. */
function inputs(n: number, c: number): [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D] {
  const x = tf.add(tf.mul(tf.randomNormal([n, c], 0, 1, "float32", 6), tf.linspace(0.05, 30, n).reshape([n, 1])), 5) as tf.Tensor2D;
  return [x, tf.randomNormal([c], 1, 0.5, "float32", 7) as tf.Tensor1D, tf.randomNormal([c], 0, 1, "float32", 8) as tf.Tensor1D];
}

/** Asserts |ours − theirs| ≤ tol·max(1, max |theirs|). */
function assertClose(ours: tf.Tensor, theirs: tf.Tensor, tol: number, what: string): void {
  assert.deepEqual(ours.shape, theirs.shape, `${what}: shape`);
  const d = maxDiff(ours, theirs);
  assert.ok(d <= tol * Math.max(1, maxAbs(theirs)), `${what}: max |Δ| ${d} (largest ${maxAbs(theirs)})`);
}

// eps 1e-3: onnxruntime's LayerNormalization runs with its default epsilon (RoBERTa's 1e-5) only,
// so another eps takes the tf ops.
for (const path of ["onnxruntime", "tf ops"] as const) {
  for (const [n, c, eps] of [
    [24, 16, 1e-5],
    [37, 128, 1e-5],
    [37, 128, 1e-3],
  ] as const) {
    const native = path === "onnxruntime" && eps === NATIVE_EPS;
    test(`layerNorm with onnxruntime ${path === "onnxruntime" ? "on" : "off"} at [${n}, ${c}], eps ${eps} (${native ? "native kernels" : "tf ops"}): output equals float64, gradients of x, γ, β equal autodiff of the textbook formula`, async (t) => {
      useNativeLayerNorm(path === "onnxruntime");
      t.after(() => useNativeLayerNorm(true));
      assert.equal(hasNativeLayerNorm(eps), native, "wasm with onnxruntime-node is the default backend here");
      const [x, gamma, beta] = inputs(n, c);
      const ours = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => layerNorm(xi as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, eps);
      const theirs = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => reference(xi, g, b, eps);
      assertClose(ours(x, gamma, beta), exact(x, gamma, beta, eps), 1e-5, "forward");

      const w = tf.randomNormal([n, c], 0, 1, "float32", 11);
      const gradsOf = (f: typeof ours): tf.Tensor[] => tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(xi, g, b), w)))([x, gamma, beta]);
      const profile = await tf.profile(() => gradsOf(ours));
      for (const k of [LAYER_NORM_KERNEL, LAYER_NORM_GRAD_KERNEL]) assert.equal(profile.kernelNames.includes(k), native, `${k} ${native ? "did not run" : "ran"}: ${profile.kernelNames.join(", ")}`);
      const a = gradsOf(ours);
      const e = gradsOf(theirs);
      ["x", "γ", "β"].forEach((what, i) => assertClose(a[i], e[i], 1e-4, `d${what}`));
    });
  }
}

test("layerNorm on onnxruntime over no rows gives no rows, and zero gradients for γ and β", () => {
  assert.ok(hasNativeLayerNorm(1e-5));
  const [x, gamma, beta] = [tf.zeros([0, 8]), tf.ones([8]), tf.zeros([8])];
  assert.deepEqual(layerNorm(x as tf.Tensor2D, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5).shape, [0, 8]);
  const [dx, dg, db] = tf.grads((xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(layerNorm(xi as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5)))([x, gamma, beta]);
  assert.deepEqual(dx.shape, [0, 8]);
  assert.deepEqual([...dg.dataSync(), ...db.dataSync()], new Array(16).fill(0));
});
