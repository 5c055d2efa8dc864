// gpuDropout: nn.Dropout's semantics (drop with probability p, scale the rest by 1/(1−p)), a mask
// fixed by (seed, index) and identical in the gradient, and exactly the hash the shader promises.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { gpuDropout, hasGpuDropout, initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";
import { assertDropoutOfRange } from "./dropout-rule";
import { webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();


test("gpuDropout drops p of the elements, scales the rest, and follows the documented hash", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  assert.ok(hasGpuDropout());
  const n = 1 << 18;
  const x = tf.range(1, n + 1, 1, "float32");
  const rate = 0.1;
  const y = (await gpuDropout(x, rate, 1234).data()) as Float32Array;
  assertDropoutOfRange(y, 1234, rate);
  const again = await gpuDropout(x, rate, 1234).data();
  const other = await gpuDropout(x, rate, 1235).data();
  assert.deepEqual(Array.from(again), Array.from(y), "the same seed drops the same elements");
  assert.notDeepEqual(Array.from(other), Array.from(y), "another seed drops others");
  releaseWebGpu();
});

test("gpuDropout's gradient passes exactly where the forward kept, with the same scale", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const x = tf.randomNormal([64, 48], 0, 1, "float32", 3);
  const w = tf.randomNormal([64, 48], 0, 1, "float32", 4);
  const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gpuDropout(t, 0.3, 99), w)))(x);
  const [g, y, xv, wv] = await Promise.all([grad.data(), gpuDropout(x, 0.3, 99).data(), x.data(), w.data()]);
  for (let i = 0; i < g.length; i++) {
    const scale = y[i] === 0 ? 0 : y[i] / xv[i];
    assert.ok(Math.abs(g[i] - wv[i] * scale) < 1e-5, `gradient ${i}: ${g[i]} vs ${wv[i] * scale}`);
  }
  releaseWebGpu();
});
