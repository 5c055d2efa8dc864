// AddN with more inputs than a shader may bind (the global gradient norm sums one term per
// parameter): the right sum, and no partial sums left behind on the GPU.
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";
import { webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();

test("tf.addN of many more tensors than storage-buffer bindings sums them all and frees its partial sums", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const backend = tf.backend() as WebGPUBackend;
  const n = 6 * backend.device.limits.maxStorageBuffersPerShaderStage + 3;
  const xs = Array.from({ length: n }, (_, i) => tf.fill([3], i + 1));
  const dataIds = backend.numDataIds();
  const sum = tf.addN(xs);
  assert.deepEqual(Array.from(await sum.data()), [1, 2, 3].map(() => (n * (n + 1)) / 2));
  assert.equal(backend.numDataIds(), dataIds + 1, "only the result is left");
  releaseWebGpu();
});
