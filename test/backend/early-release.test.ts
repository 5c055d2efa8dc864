// The backward pass frees each activation gradient and saved tensor once its node is done
// (early-release.ts): a long chain's backward then holds a few tensors at a time, not all of
// them; gradients are unchanged, a caller's dy survives, and second-order gradients still work.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../src/engine/backend/index";

before(async () => {
  await setBackend("wasm");
});

/** f(x) = sum(chain of 60 ops on x); its first op's gradient records how many tensors are alive then. */
function chain(x: tf.Tensor, seen: { live: number }): tf.Scalar {
  const probe = tf.customGrad(((input: tf.Tensor) => ({
    value: tf.mul(input, 1),
    gradFunc: (dy: tf.Tensor) => {
      seen.live = tf.memory().numTensors;
      return tf.mul(dy, 1);
    },
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  let h = probe(x) as tf.Tensor;
  for (let i = 0; i < 20; i++) h = tf.tanh(tf.add(tf.mul(h, 1.01), 0.01));
  return tf.sum(h);
}

test("a long chain's backward pass holds a handful of tensors at its end, not every one it made", () => {
  const x = tf.randomNormal([64, 64], 0, 1, "float32", 7);
  const before = tf.memory().numTensors;
  const seen = { live: 0 };
  const g = tf.grad((t: tf.Tensor) => chain(t, seen))(x);
  // 60 ops forward and ~120 backward: kept to the end, well over 100 would be alive here.
  assert.ok(seen.live - before < 25, `${seen.live - before} tensors alive at the end of backward`);
  // The same gradient as computed by hand: d/dx of the chain, checked against finite differences.
  const eps = 1e-2;
  const f = (t: tf.Tensor): number => tf.tidy(() => chain(t, { live: 0 }).dataSync()[0]);
  const i = 5;
  const bump = (d: number): tf.Tensor => tf.tidy(() => tf.add(x, tf.mul(tf.oneHot([i], 64 * 64).reshape([64, 64]), d)));
  const [up, down] = [bump(eps), bump(-eps)];
  const numeric = (f(up) - f(down)) / (2 * eps);
  assert.ok(Math.abs(g.dataSync()[i] - numeric) < 2e-2 * Math.max(1, Math.abs(numeric)), `${g.dataSync()[i]} vs ${numeric}`);
  tf.dispose([x, g, up, down]);
  assert.equal(tf.memory().numTensors, before - 1);
});

test("a dy passed in by the caller is left alone", () => {
  const x = tf.tensor1d([1, 2, 3]);
  const dy = tf.tensor1d([1, 10, 100]);
  const g = tf.grad((t: tf.Tensor) => tf.square(tf.mul(t, 2)))(x, dy);
  assert.deepEqual(Array.from(g.dataSync()), [8, 160, 2400]);
  assert.deepEqual(Array.from(dy.dataSync()), [1, 10, 100]);
  tf.dispose([x, dy, g]);
});

test("second-order gradients still work", () => {
  const x = tf.tensor1d([1, 2, 3]);
  const g2 = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(tf.pow(u, 3)))(t)))(x);
  assert.deepEqual(Array.from(g2.dataSync()), [6, 12, 18]);
  tf.dispose([x, g2]);
});
