// RobertaForMaskedLM's training path on webgpu with nothing read synchronously: dropout through
// gpuDropout (mask hashed on the GPU, not drawn in JS and uploaded), the loss chosen in-graph,
// and ids read from the host copy of the batch.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();
const config = new RobertaConfig({ vocabSize: 120, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: 40, typeVocabSize: 1, layerNormEps: 1e-5 });
const rows = {
  input_ids: [[0, 10, 11, 12, 13, 14, 15, 2], [0, 20, 21, 22, 2, 1, 1, 1]],
  attention_mask: [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0]],
  labels: [[-100, 10, -100, 12, -100, 14, -100, -100], [-100, 20, -100, 22, -100, -100, -100, -100]],
};

test("training forward on webgpu drops through gpuDropout, seeded, with gradients", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 5 });
  const vars = [...model.namedParameters().values()];
  const lossOf = async (training: boolean, seed?: number): Promise<{ loss: number; kernels: string[] }> => {
    let loss = 0;
    const profile = await tf.profile(async () => {
      const { value, grads } = tf.variableGrads(() => model.forward(rows, { training, seed }).loss!, vars);
      loss = (await value.data())[0];
      tf.dispose([value, ...Object.values(grads)]);
    });
    return { loss, kernels: profile.kernelNames };
  };
  const a = await lossOf(true, 7);
  const b = await lossOf(true, 7);
  const c = await lossOf(true, 8);
  const off = await lossOf(false);
  assert.ok(a.kernels.includes("MlmNotebookDropout"), `kernels: ${a.kernels.join(", ")}`);
  assert.ok(!off.kernels.includes("MlmNotebookDropout"), "no dropout in eval mode");
  assert.equal(a.loss, b.loss, "the same seed drops the same elements");
  assert.notEqual(a.loss, c.loss, "another seed drops others");
  assert.notEqual(a.loss, off.loss);
  assert.ok(Number.isFinite(a.loss));
  model.dispose();
  releaseWebGpu();
});

test("batch tensors whose values live only on the GPU are refused with what to do; after await data() they work", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 5 });
  // An op's output exists only on the GPU until read (small ops would run on the CPU without the flag).
  const forward = tf.env().getBool("WEBGPU_CPU_FORWARD");
  tf.env().set("WEBGPU_CPU_FORWARD", false);
  const onGpu = (x: number[][]): tf.Tensor => tf.tidy(() => tf.add(tf.tensor2d(x, undefined, "int32"), tf.scalar(0, "int32")));
  const batch = { input_ids: onGpu(rows.input_ids), attention_mask: onGpu(rows.attention_mask), labels: onGpu(rows.labels) };
  tf.env().set("WEBGPU_CPU_FORWARD", forward);
  assert.throws(() => model.forward(batch), /input_ids is a tensor whose values live only on the GPU: await input_ids\.data\(\)/);
  await Promise.all(Object.values(batch).map((t) => t.data()));
  const fromTensors = model.forward(batch, { returnLogits: false }).loss!;
  const fromArrays = model.forward(rows, { returnLogits: false }).loss!;
  assert.equal((await fromTensors.data())[0], (await fromArrays.data())[0]);
  tf.dispose([fromTensors, fromArrays, ...Object.values(batch)]);
  model.dispose();
  releaseWebGpu();
});
