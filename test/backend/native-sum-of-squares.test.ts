// Σ g² on onnxruntime (the gradient-norm pass of clipping): as exact as a float64 sum to float32
// precision over millions of elements, and null (the caller's tf-ops path) when turned off.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../src/engine/backend/index";
import { nativeSumOfSquares, useNativeSumOfSquares } from "../../src/engine/backend/native-sum-of-squares";

before(async () => {
  await setBackend("wasm");
});

test("Σ g² over 3M elements equals the float64 sum to float32 precision", () => {
  const n = 3_000_001;
  const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 7)));
  let want = 0;
  for (const v of values) want += v * v;
  const g = tf.tensor1d(values);
  const got = nativeSumOfSquares(g);
  assert.ok(got !== null);
  assert.ok(Math.abs(got - want) / want < 1e-5, `${got} vs ${want}`);
  g.dispose();
});

test("turned off, it answers null and the caller sums with tf ops", (t) => {
  t.after(() => useNativeSumOfSquares(true));
  useNativeSumOfSquares(false);
  const g = tf.ones([10]);
  assert.equal(nativeSumOfSquares(g), null);
  g.dispose();
});
