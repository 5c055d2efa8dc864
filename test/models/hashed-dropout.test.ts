// hostDropout on wasm and cpu: nn.Dropout's semantics (drop with probability p, scale the rest by
// 1/(1−p)), the mask the webgpu shader hashes for the same seed, and the same mask in the gradient.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { gpuDropout, initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";
import { dropThreshold, hasHostDropout, hostDropout } from "../../src/engine/models/hashed-dropout";
import { dropout } from "../../src/engine/models/ops";
import { assertDropoutOfRange } from "../backend/dropout-rule";
import { onBackend } from "../backend/on-backend";
import { webGpuSkipReason } from "../backend/webgpu-support";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

for (const backend of ["wasm", "cpu"]) {
  test(`${backend}: hostDropout drops p of the elements by the shader's hash and scales the rest`, async () => {
    await onBackend(backend, () => {
      assert.ok(hasHostDropout());
      const n = 1 << 18;
      const x = tf.range(1, n + 1, 1, "float32");
      const rate = 0.1;
      const y = hostDropout(x, rate, 1234).dataSync();
      assertDropoutOfRange(y, 1234, rate);
      assert.deepEqual(hostDropout(x, rate, 1234).dataSync(), y, "the same seed drops the same elements");
      assert.notDeepEqual(hostDropout(x, rate, 1235).dataSync(), y, "another seed drops others");
      tf.dispose(x);
    });
  });
}

test("hostDropout's gradient passes exactly where the forward kept, with the same scale", () => {
  const x = tf.randomNormal([64, 48], 0, 1, "float32", 3);
  const w = tf.randomNormal([64, 48], 0, 1, "float32", 4);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(hostDropout(t, 0.3, 99), w)))(x).dataSync();
  const [y, xv, wv] = [hostDropout(x, 0.3, 99).dataSync(), x.dataSync(), w.dataSync()];
  for (let i = 0; i < g.length; i++) {
    const scale = y[i] === 0 ? 0 : y[i] / xv[i];
    assert.ok(Math.abs(g[i] - wv[i] * scale) < 1e-5, `gradient ${i}: ${g[i]} vs ${wv[i] * scale}`);
  }
});

test("dropout at the ends: p = 0 keeps everything, p = 1 drops everything", () => {
  assert.equal(dropThreshold(0), 0);
  assert.equal(dropThreshold(1), 2 ** 32 - 1);
  const x = tf.ones([1000]);
  assert.equal(dropout(x, 0, 5), x, "no dropout returns the input itself");
  assert.equal(tf.sum(hostDropout(x, 1, 5)).dataSync()[0], 0);
});

test("the model's dropout runs the hashed mask on wasm, not tf.dropout's JS draws", async () => {
  const x = tf.randomNormal([32, 16], 0, 1, "float32", 5);
  const profile = await tf.profile(() => dropout(x, 0.1, 7));
  assert.ok(profile.kernelNames.includes("MlmNotebookDropoutMask"), `kernels: ${profile.kernelNames.join(", ")}`);
  assert.ok(!profile.kernelNames.includes("Floor"), "no uniform-to-mask passes");
});

test("the same seed drops the same elements on wasm and on webgpu", { skip: await webGpuSkipReason() }, async () => {
  const x = tf.randomNormal([96, 80], 0, 1, "float32", 6);
  const values = x.dataSync();
  const onHost = hostDropout(x, 0.2, 4242).dataSync();
  await initWebGpu({ allowSoftware: true });
  try {
    const onGpu = await gpuDropout(tf.tensor(values, x.shape), 0.2, 4242).data();
    // x·0 is −0 for negative x on the host (as in PyTorch), where the shader selects +0: equal values.
    const plain = (a: ArrayLike<number>): number[] => Array.from(a, (v) => v + 0);
    assert.deepEqual(plain(onGpu), plain(onHost));
  } finally {
    releaseWebGpu();
    await tf.setBackend("wasm");
  }
});
