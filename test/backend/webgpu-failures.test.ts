// What a person sees when the GPU fails: an out-of-memory, a device lost in the middle of
// training, a synchronous read. Each ends the operation with a WebGpuError naming the cause and
// the wasm backend, and the process carries on (training resumes on wasm).
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { initWasm } from "../../src/engine/backend/wasm";
import { initWebGpu, releaseWebGpu, WebGpuError } from "../../src/engine/backend/webgpu";
import { webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();

/** A tiny regression trained with SGD; each step reads its loss back, as the Trainer does. */
function makeTrainer(): { step: () => Promise<number>; weights: tf.Variable } {
  const weights = tf.variable(tf.tensor2d([[0.5], [-0.25], [1]]));
  const x = tf.tensor2d([[1, 2, 3], [4, 5, 6], [7, 8, 10]]);
  const y = tf.tensor2d([[1], [2], [3]]);
  const opt = tf.train.sgd(0.001);
  return {
    weights,
    async step() {
      const loss = opt.minimize(() => tf.losses.meanSquaredError(y, x.matMul(weights)), true);
      if (!loss) throw new Error("minimize returned no loss");
      const [value] = await loss.data();
      loss.dispose();
      return value;
    },
  };
}

function assertWebGpuError(e: unknown, failure: string, cause: RegExp): true {
  assert.ok(e instanceof WebGpuError, `expected a WebGpuError, got ${String(e)}`);
  assert.equal(e.failure, failure);
  assert.match(e.message, cause);
  assert.match(e.message, /setBackend\("wasm"\)/);
  return true;
}

test("a tensor larger than the GPU can hold ends with an out-of-memory error, and the GPU stays usable", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const limit = (tf.backend() as WebGPUBackend).device.limits.maxStorageBufferBindingSize;
  // tf.fill runs on the GPU, so the oversized buffer is asked of the device, not of Node's heap.
  await assert.rejects(async () => {
    const big = tf.fill([Math.floor(limit / 4) + 1024], 1);
    try {
      await big.data();
    } finally {
      big.dispose();
    }
  }, (e) => assertWebGpuError(e, "out-of-memory", /ran out of memory.*one tensor needs/));
  const after = await tf.add(tf.ones([4]), 1).data();
  assert.deepEqual(Array.from(after), [2, 2, 2, 2]);
  releaseWebGpu();
});

test("a device lost mid-training ends the run with a clear error; training goes on on a new device or on wasm", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const trainer = makeTrainer();
  const first = await trainer.step();
  const second = await trainer.step();
  assert.ok(second < first, "the loss falls on webgpu");

  // What a driver reset looks like to WebGPU: the device goes away under the running program.
  (tf.backend() as WebGPUBackend).device.destroy();
  await assert.rejects(trainer.step(), (e) => assertWebGpuError(e, "device-lost", /GPU device was lost/));

  // Choosing webgpu again (after a driver reset, say) opens a fresh device.
  await initWebGpu({ allowSoftware: true });
  const fresh = makeTrainer();
  assert.ok(Number.isFinite(await fresh.step()), "a new device trains");
  releaseWebGpu();

  await initWasm(1);
  const onWasm = makeTrainer();
  const a = await onWasm.step();
  const b = await onWasm.step();
  assert.ok(Number.isFinite(a) && b < a, "training carries on after switching to wasm");
});

test("dataSync on a GPU tensor says to read asynchronously", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const y = tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]));
  assert.throws(() => y.dataSync(), (e) => {
    assert.ok(e instanceof WebGpuError);
    assert.equal(e.failure, "sync-read");
    assert.match(e.message, /await tensor\.data\(\)/);
    return true;
  });
  assert.equal((await y.data())[0], 8);
  releaseWebGpu();
});

test("an out-of-memory the GPU reports ends the next read with a clear error, once; the device goes on", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const device = (tf.backend() as WebGPUBackend).device;
  const trainer = makeTrainer();
  await trainer.step();
  // Exactly what Dawn delivers when an allocation fails: an uncaptured GPUOutOfMemoryError.
  const { GPUOutOfMemoryError, GPUUncapturedErrorEvent } = globalThis as unknown as {
    GPUOutOfMemoryError: new (message: string) => GPUError;
    GPUUncapturedErrorEvent: new (type: string, init: { error: GPUError }) => Event;
  };
  device.dispatchEvent(new GPUUncapturedErrorEvent("uncapturederror", { error: new GPUOutOfMemoryError("Allocation failed: out of device memory") }));
  await assert.rejects(trainer.step(), (e) => assertWebGpuError(e, "out-of-memory", /GPU ran out of memory \(Allocation failed/));
  assert.ok(Number.isFinite(await trainer.step()), "the next run may use the device again");
  releaseWebGpu();
});
