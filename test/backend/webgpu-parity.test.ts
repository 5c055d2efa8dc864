// RobertaForMaskedLM on webgpu against wasm and PyTorch: the same logits (1e-4), every
// parameter's gradient within 1e-5 of its own scale, every kernel of a training step registered
// for webgpu, and GPU memory flat from one step to the next.
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { backendInfo, setBackend } from "../../src/engine/backend/index";
import "../../src/engine/backend/webgpu-candidate";
import { releaseWebGpu } from "../../src/engine/backend/webgpu";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { readSafetensors, toFloat32 } from "../../src/engine/models/safetensors";
import { AdamW, isNoDecayParameter } from "../../src/engine/training/adamw";
import { clipGradNorm } from "../../src/engine/training/clip";
import { maxAbsDiff, webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();

// The tiny parity model (written by scripts/reference/make_tiny_roberta.py) and its inputs:
// three rows with padding, labels -100 except at masked positions.
const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
const { input_ids: inputIds, attention_mask: attentionMask, labels } = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as {
  input_ids: number[][];
  attention_mask: number[][];
  labels: number[][];
};

// The tutorial's learning rate, for the steps that profile kernels and memory.
const LEARNING_RATE = 2e-5;
// Gradients are compared before any step: after Adam, which divides each gradient by its own
// magnitude, a gradient off by a constant factor would leave the same parameters.
const GRAD_TOLERANCE = 1e-5;

interface Run {
  logits: Float32Array;
  /** Every parameter's gradient of the loss at the fixture's weights (the first step's, before clipping). */
  grads: Map<string, Float32Array>;
  kernels: Set<string>;
  /** [tensors, bytes in use, bytes allocated (webgpu's buffer pool)] after each training step. */
  memory: number[][];
}

/** Loads the fixture on the current backend, then trains three steps. */
async function run(): Promise<Run> {
  const model = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
  const logitsT = model.forward({ input_ids: inputIds, attention_mask: attentionMask }).logits!;
  const logits = (await logitsT.data()) as Float32Array;
  logitsT.dispose();

  const params = model.namedParameters();
  const grads = new Map<string, Float32Array>();
  const optimizer = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter });
  const kernels = new Set<string>();
  const memory: number[][] = [];
  for (let step = 0; step < 3; step++) {
    // Dropout off: masks come from a random stream, not part of what is compared here.
    const profile = await tf.profile(async () => {
      const result = tf.variableGrads(() => model.forward({ input_ids: inputIds, attention_mask: attentionMask, labels }).loss!, [...params.values()]);
      const named = new Map([...params].map(([name, v]) => [name, result.grads[v.name]]));
      if (step === 0) for (const [name, g] of named) grads.set(name, (await g.data()) as Float32Array);
      await clipGradNorm(named, 1.0);
      optimizer.step(named, LEARNING_RATE);
      await result.value.data();
      result.value.dispose();
      for (const g of named.values()) g.dispose();
    });
    for (const k of profile.kernelNames) kernels.add(k);
    const gpu = (tf.backend() as { memory(): { numBytesInGPU?: number; numBytesAllocatedInGPU?: number } }).memory();
    memory.push([tf.memory().numTensors, gpu.numBytesInGPU ?? tf.memory().numBytes, gpu.numBytesAllocatedInGPU ?? 0]);
  }
  optimizer.dispose();
  model.dispose();
  return { logits, grads, kernels, memory };
}

/**
 * The parameters whose gradient differs from the reference by more than GRAD_TOLERANCE of that
 * gradient's largest magnitude. A gradient that is zero in exact arithmetic (attention's key
 * bias: softmax ignores a shift shared by all keys) is float noise on every side, so scales are
 * floored at 1% of the model's largest gradient.
 */
function gradientMismatches(got: Map<string, Float32Array>, want: Map<string, Float32Array>): string[] {
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), "the same parameters have gradients");
  const largest = (a: Float32Array) => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const floor = 0.01 * Math.max(...[...want.values()].map(largest));
  return [...want].flatMap(([name, w]) => {
    const diff = maxAbsDiff(got.get(name)!, w);
    const scale = Math.max(largest(w), floor);
    return diff > GRAD_TOLERANCE * scale ? [`${name}: max |Δ| ${diff.toExponential(2)}, ${(diff / scale).toExponential(2)} of its scale ${scale.toExponential(2)}`] : [];
  });
}

test("RobertaForMaskedLM on webgpu matches wasm and PyTorch: logits, gradients, kernels of a training step, memory", { skip, timeout: 300_000 }, async () => {
  process.env.MLM_NOTEBOOK_WASM_THREADS = "1";
  await setBackend("wasm");
  const onWasm = await run();
  // Forced by name, as a person does to train on a software adapter (CI has no GPU).
  await setBackend("webgpu");
  assert.equal(backendInfo().tfBackend, "webgpu");
  const onGpu = await run();

  const dLogits = maxAbsDiff(onGpu.logits, onWasm.logits);
  assert.ok(dLogits < 1e-4, `logits differ by ${dLogits}`);

  // PyTorch's gradients for the same weights and inputs, written with the fixture.
  const torch = new Map([...(await readSafetensors(join(FIXTURE, "expected_grads.safetensors"))).tensors].map(([name, entry]) => [name, toFloat32(entry, name)]));
  assert.deepEqual(gradientMismatches(onGpu.grads, torch), [], "webgpu's gradients against PyTorch's");
  assert.deepEqual(gradientMismatches(onGpu.grads, onWasm.grads), [], "webgpu's gradients against wasm's");

  // Profiles also list custom-gradient scopes ("unnamed scope"); a kernel is a name the cpu backend implements.
  const missing = [...onGpu.kernels].filter((k) => tf.getKernel(k, "cpu") && !tf.getKernel(k, "webgpu"));
  assert.deepEqual(missing, [], `kernels without a webgpu implementation: ${missing.join(", ")}`);
  assert.ok(onGpu.kernels.has("UnsortedSegmentSum") && onGpu.kernels.has("BatchMatMul"), "the step ran the embedding gradient and matmuls");

  const [, second, third] = onGpu.memory;
  assert.deepEqual(third, second, `tensors / GPU bytes in use / allocated changed from step 2 to step 3: ${JSON.stringify(onGpu.memory)}`);
  assert.ok(second[1] > 0 && second[2] >= second[1], "the GPU's figures are real");
  assert.ok((tf.backend() as WebGPUBackend).device, "still on webgpu");
  releaseWebGpu();
});
