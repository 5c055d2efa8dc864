// The hand-written gradients (linear, LayerNorm, GELU, the tied decoder, the embedding lookup,
// cross-entropy) against tfjs's autodiff of the textbook formulas, including a cross-entropy row
// whose label probability underflows float32.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { onBackend } from "../backend/on-backend";
import { hasNativeGelu, useNativeGelu } from "../../src/engine/backend/native-gelu";
import { hasNativeLinear, LINEAR_GRAD_KERNEL, LINEAR_KERNEL, useNativeLinear } from "../../src/engine/backend/native-linear";
import { gatherRows } from "../../src/engine/models/gather-rows";
import { addRow, columnSums, crossEntropy, embeddingLookup, gelu, layerNorm, linear } from "../../src/engine/models/ops";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

for (const path of ["onnxruntime", "tf ops"]) {
  test(`gelu and its gradient (${path}) equal x·Φ(x) differentiated by autodiff`, (t) => {
    useNativeGelu(path === "onnxruntime");
    t.after(() => useNativeGelu(true));
    assert.equal(hasNativeGelu(), path === "onnxruntime");
    const x = tf.linspace(-8, 8, 801).reshape([3, 267]) as tf.Tensor2D;
    const reference = (z: tf.Tensor): tf.Tensor => tf.mul(z, tf.mul(tf.add(tf.erf(tf.div(z, Math.SQRT2)), 1), 0.5));
    assert.ok(maxDiff(gelu(x), reference(x)) < 1e-6);
    const w = tf.randomNormal(x.shape, 0, 1, "float32", 1);
    const ours = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(gelu(z as tf.Tensor2D), w)))(x);
    const theirs = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(reference(z), w)))(x);
    assert.ok(maxDiff(ours, theirs) < 1e-5, `max |Δgrad| ${maxDiff(ours, theirs)}`);
  });
}

/** Kernel names that f runs with `name` as the backend. */
async function onBackendProfile(name: string, f: () => tf.Tensor): Promise<string[]> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    return (await tf.profile(f)).kernelNames;
  } finally {
    await tf.setBackend(previous);
  }
}

for (const backend of ["wasm", "cpu"]) {
  test(`${backend}: cross-entropy over a wide vocabulary and its gradient equal autodiff of −mean(logSoftmax[label])`, async () => {
    await onBackend(backend, () => {
      const logits = tf.randomNormal([13, 3001], 0, 4, "float32", 21) as tf.Tensor2D;
      const labels = tf.tensor1d([0, 3000, 5, 17, 2999, 1, 100, 2000, 42, 42, 7, 0, 1500], "int32");
      const reference = (z: tf.Tensor): tf.Scalar => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z as tf.Tensor2D), tf.oneHot(labels, 3001).cast("float32")), 1))) as tf.Scalar;
      const ours = crossEntropy(logits, labels).dataSync()[0];
      const theirs = reference(logits).dataSync()[0];
      assert.ok(Math.abs(ours - theirs) < 1e-5, `${ours} vs ${theirs}`);
      const g1 = tf.grad((z: tf.Tensor) => crossEntropy(z as tf.Tensor2D, labels))(logits);
      const g2 = tf.grad(reference)(logits);
      assert.ok(maxDiff(g1, g2) < 1e-6, `max |Δgrad| ${maxDiff(g1, g2)}`);
    });
    // The host path reads and patches the label entries in place: no gather or scatter over [N, V].
    const kernels = await onBackendProfile(backend, () => tf.grad((z: tf.Tensor) => crossEntropy(z as tf.Tensor2D, tf.tensor1d([1, 2], "int32")))(tf.ones([2, 50])));
    for (const k of ["GatherNd", "TensorScatterUpdate", "ArgMax", "Max"]) assert.ok(!kernels.includes(k), `${k} ran: ${kernels.join(", ")}`);
  });
}

test("cross-entropy and its gradient equal −mean(logSoftmax[label]) by autodiff, also when p underflows", () => {
  const logits = tf.tensor2d([
    [0.5, -1, 2, 0.1],
    [0, 200, 0, 0],
    [3, 3, 3, 3],
  ]);
  const labels = tf.tensor1d([2, 0, 1], "int32");
  const reference = (z: tf.Tensor): tf.Scalar => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z as tf.Tensor2D), tf.oneHot(labels, 4).cast("float32")), 1))) as tf.Scalar;
  const ours = crossEntropy(logits, labels).dataSync()[0];
  const theirs = reference(logits).dataSync()[0];
  assert.ok(Math.abs(ours - theirs) < 1e-5, `${ours} vs ${theirs}`);
  assert.ok(ours > 66, "the underflowing row contributes its exact 200 / 3");
  const g1 = tf.grad((z: tf.Tensor) => crossEntropy(z as tf.Tensor2D, labels))(logits);
  const g2 = tf.grad(reference)(logits);
  assert.ok(maxDiff(g1, g2) < 1e-6);
});

/** Gradients of Σ f(inputs)·w for every input, by autodiff of `f`. */
function gradsOf(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], w: tf.Tensor): tf.Tensor[] {
  return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), w)))(inputs);
}

function assertGradsMatch(ours: (...xs: tf.Tensor[]) => tf.Tensor, reference: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], tol: number): void {
  const y = ours(...inputs);
  assert.ok(maxDiff(y, reference(...inputs)) < tol, `forward: max |Δ| ${maxDiff(y, reference(...inputs))}`);
  const w = tf.randomNormal(y.shape, 0, 1, "float32", 11);
  const a = gradsOf(ours, inputs, w);
  const b = gradsOf(reference, inputs, w);
  a.forEach((g, i) => assert.ok(maxDiff(g, b[i]) < tol, `input ${i}: max |Δgrad| ${maxDiff(g, b[i])}`));
}

test("columnSums equals tf.sum over rows", () => {
  const g = tf.randomNormal([37, 23], 0, 1, "float32", 2) as tf.Tensor2D;
  assert.ok(maxDiff(columnSums(g), tf.sum(g, 0)) < 1e-5);
});

test("addRow and its gradients equal a broadcast add by autodiff", () => {
  const x = tf.randomNormal([21, 9], 0, 1, "float32", 17);
  const row = tf.randomNormal([9], 0, 1, "float32", 18);
  assertGradsMatch((xi, r) => addRow(xi as tf.Tensor2D, r as tf.Tensor1D), (xi, r) => tf.add(xi, r), [x, row], 1e-5);
});

for (const path of ["onnxruntime", "tf ops"]) {
  test(`linear (${path}) and its gradients equal x·Wᵀ + b by autodiff`, async (t) => {
    useNativeLinear(path === "onnxruntime");
    t.after(() => useNativeLinear(true));
    const x = tf.randomNormal([19, 12], 0, 1, "float32", 3);
    const w = tf.randomNormal([7, 12], 0, 1, "float32", 4);
    const b = tf.randomNormal([7], 0, 1, "float32", 5);
    assert.equal(hasNativeLinear(w), path === "onnxruntime");
    const reference = (xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Tensor => tf.add(tf.matMul(xi as tf.Tensor2D, wi as tf.Tensor2D, false, true), bi);
    assertGradsMatch((xi, wi, bi) => linear(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), reference, [x, w, b], 1e-4);
    const kernels = (await tf.profile(() => tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => linear(xi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D))([x, w, b]))).kernelNames;
    for (const k of [LINEAR_KERNEL, LINEAR_GRAD_KERNEL]) assert.equal(kernels.includes(k), path === "onnxruntime", `${k} in ${kernels.join(", ")}`);
  });
}

test("layerNorm's written-out gradient equals autodiff of (x − μ)/√(σ² + eps)·γ + β", () => {
  // Rows of very different scale and offset, as residual streams have.
  const x = tf.add(tf.mul(tf.randomNormal([24, 16], 0, 1, "float32", 6), tf.linspace(0.01, 30, 24).reshape([24, 1])), 5);
  const gamma = tf.randomNormal([16], 1, 0.5, "float32", 7);
  const beta = tf.randomNormal([16], 0, 1, "float32", 8);
  const reference = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    const { mean, variance } = tf.moments(xi, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(xi, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  };
  assertGradsMatch((xi, g, b) => layerNorm(xi as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), reference, [x, gamma, beta], 1e-4);
});

test("linear as the tied decoder (a vocabulary-wide W) equals y·Wᵀ + b by autodiff", () => {
  const y = tf.randomNormal([9, 8], 0, 1, "float32", 9);
  const w = tf.randomNormal([31, 8], 0, 1, "float32", 10);
  const b = tf.randomNormal([31], 0, 1, "float32", 12);
  const reference = (yi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Tensor => tf.add(tf.matMul(yi as tf.Tensor2D, wi as tf.Tensor2D, false, true), bi);
  assertGradsMatch((yi, wi, bi) => linear(yi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D), reference, [y, w, b], 1e-4);
});

test("embeddingLookup gathers rows, and its gradient skips rows marked as padding", () => {
  const table = tf.randomNormal([10, 6], 0, 1, "float32", 13) as tf.Tensor2D;
  const ids = tf.tensor1d([3, 1, 3, 9, 0, 1], "int32");
  const keep = tf.tensor2d([1, 0, 1, 1, 1, 0], [6, 1]);
  assert.deepEqual(embeddingLookup(table, ids, keep).arraySync(), tf.gather(table, ids).arraySync());
  const w = tf.randomNormal([6, 6], 0, 1, "float32", 14);
  const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embeddingLookup(t as tf.Tensor2D, ids, keep), w)))(table);
  const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.mul(tf.gather(t, ids), keep), w)))(table);
  assert.ok(maxDiff(ours, reference) < 1e-6);
  assert.equal(tf.abs(tf.slice(ours, [1, 0], [1, 6])).sum().dataSync()[0], 0, "row 1 is looked up only at padding");
  assert.throws(() => embeddingLookup(table, tf.tensor1d([10], "int32"), tf.ones([1, 1])), /index 10 at 0 is outside the table's 10 rows/);
});

test("gatherRows (its own kernel on wasm) and its gradient equal tf.gather's, repeated rows included", async () => {
  const table = tf.randomNormal([12, 5], 0, 1, "float32", 15) as tf.Tensor2D;
  const ids = tf.tensor1d([4, 0, 11, 4, 7], "int32");
  const profile = await tf.profile(() => gatherRows(table, ids));
  assert.deepEqual(profile.kernelNames, ["MlmNotebookGatherRows"]);
  assert.deepEqual(gatherRows(table, ids).arraySync(), tf.gather(table, ids).arraySync());
  const w = tf.randomNormal([5, 5], 0, 1, "float32", 16);
  const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t as tf.Tensor2D, ids), w)))(table);
  const reference = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), w)))(table);
  assert.ok(maxDiff(ours, reference) < 1e-6);
});
