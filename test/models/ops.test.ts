// The hand-written gradients (GELU, cross-entropy) against tfjs's autodiff of the textbook
// formulas, including a cross-entropy row whose label probability underflows float32.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { crossEntropy, gelu } from "../../src/engine/models/ops";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

test("gelu and its gradient equal x·Φ(x) differentiated by autodiff", () => {
  const x = tf.linspace(-8, 8, 801).reshape([3, 267]) as tf.Tensor2D;
  const reference = (z: tf.Tensor): tf.Tensor => tf.mul(z, tf.mul(tf.add(tf.erf(tf.div(z, Math.SQRT2)), 1), 0.5));
  assert.ok(maxDiff(gelu(x), reference(x)) < 1e-6);
  const w = tf.randomNormal(x.shape, 0, 1, "float32", 1);
  const ours = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(gelu(z as tf.Tensor2D), w)))(x);
  const theirs = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(reference(z), w)))(x);
  assert.ok(maxDiff(ours, theirs) < 1e-5, `max |Δgrad| ${maxDiff(ours, theirs)}`);
});

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
