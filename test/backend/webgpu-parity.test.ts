// RobertaForMaskedLM on webgpu against wasm: the same logits (1e-4), the same parameters after
// three AdamW steps (1e-5), every kernel of a training step registered for webgpu, and GPU
// memory flat from one step to the next.
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

// The tutorial's learning rate. (Adam divides each gradient by its own magnitude, so a gradient
// that is zero in exact arithmetic, as attention's key bias has, moves by float noise on every
// backend; at this rate that stays far below the 1e-5 compared.)
const LEARNING_RATE = 2e-5;

interface Run {
  logits: Float32Array;
  initial: Map<string, Float32Array>;
  params: Map<string, Float32Array>;
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
  const initial = new Map<string, Float32Array>();
  for (const [n, v] of params) initial.set(n, (await v.data()).slice() as Float32Array);
  const optimizer = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter });
  const kernels = new Set<string>();
  const memory: number[][] = [];
  for (let step = 0; step < 3; step++) {
    // Dropout off: masks come from a random stream, not part of what is compared here.
    const profile = await tf.profile(async () => {
      const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: inputIds, attention_mask: attentionMask, labels }).loss!, [...params.values()]);
      const named = new Map([...params].map(([name, v]) => [name, grads[v.name]]));
      await clipGradNorm(named, 1.0);
      optimizer.step(named, LEARNING_RATE);
      await value.data();
      value.dispose();
      for (const g of named.values()) g.dispose();
    });
    for (const k of profile.kernelNames) kernels.add(k);
    const gpu = (tf.backend() as { memory(): { numBytesInGPU?: number; numBytesAllocatedInGPU?: number } }).memory();
    memory.push([tf.memory().numTensors, gpu.numBytesInGPU ?? tf.memory().numBytes, gpu.numBytesAllocatedInGPU ?? 0]);
  }
  const out = new Map<string, Float32Array>();
  for (const [name, v] of params) out.set(name, (await v.data()) as Float32Array);
  optimizer.dispose();
  model.dispose();
  return { logits, initial, params: out, kernels, memory };
}

test("RobertaForMaskedLM on webgpu matches wasm: logits, three training steps, kernels, memory", { skip, timeout: 300_000 }, async () => {
  process.env.MLM_NOTEBOOK_WASM_THREADS = "1";
  await setBackend("wasm");
  const onWasm = await run();
  // Forced by name, as a person does to train on a software adapter (CI has no GPU).
  await setBackend("webgpu");
  assert.equal(backendInfo().tfBackend, "webgpu");
  const onGpu = await run();

  const dLogits = maxAbsDiff(onGpu.logits, onWasm.logits);
  assert.ok(dLogits < 1e-4, `logits differ by ${dLogits}`);

  let worst = { name: "", diff: 0 };
  for (const [name, w] of onWasm.params) {
    const diff = maxAbsDiff(onGpu.params.get(name)!, w);
    if (diff > worst.diff) worst = { name, diff };
  }
  assert.ok(worst.diff < 1e-5, `after 3 steps ${worst.name} differs by ${worst.diff}`);
  // The steps moved the weights (a comparison of untouched weights would prove nothing).
  const name = "roberta.encoder.layer.0.attention.self.query.weight";
  assert.ok(maxAbsDiff(onGpu.params.get(name)!, onGpu.initial.get(name)!) > 3e-5, "training moved the weights");

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
