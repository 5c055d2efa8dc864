// Self-attention as two onnxruntime kernels (backend/native-attention.ts) against the tf-ops path of
// models/ops.ts selfAttention (which test/models/parity.test.ts holds to PyTorch), with and
// without a padding mask and dropout: the same seed drops the same probabilities on both.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { ATTENTION_GRAD_KERNEL, ATTENTION_KERNEL, hasNativeAttention, useNativeAttention } from "../../src/engine/backend/native-attention";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { selfAttention } from "../../src/engine/models/ops";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** Asserts |ours − theirs| ≤ tol·scale, scale max |theirs| unless given. */
function assertClose(ours: tf.Tensor, theirs: tf.Tensor, tol: number, what: string, scale = maxAbs(theirs)): void {
  assert.deepEqual(ours.shape, theirs.shape, `${what}: shape`);
  const d = maxDiff(ours, theirs);
  assert.ok(d <= tol * scale, `${what}: max |Δ| ${d} (largest ${maxAbs(theirs)}, scale ${scale})`);
}

const dims = { batch: 3, seq: 7, heads: 2, headDim: 4 };
const rows = dims.batch * dims.seq;
const H = dims.heads * dims.headDim;
/** Tokens attended per sequence: one full, two padded at the end. */
const lengths = [7, 5, 2];

/** The extended mask as the model builds it: 0 where attended, float32's lowest where padded. */
const paddingMask = (): tf.Tensor4D =>
  tf.tensor4d(
    Float32Array.from({ length: rows }, (_, i) => (i % dims.seq < lengths[Math.floor(i / dims.seq)] ? 0 : -3.4028234663852886e38)),
    [dims.batch, 1, 1, dims.seq],
  );

interface Run {
  ctx: tf.Tensor;
  grads: tf.Tensor[];
  kernels: string[];
}

/** Forward, gradients of q, k, v through a weighted sum, and the kernels that ran, on the path now switched on. */
async function run(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, mask: tf.Tensor4D | null, drop: { rate: number; seed: number } | null): Promise<Run> {
  const w = tf.randomNormal([rows, H], 0, 1, "float32", 9);
  const f = (qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor): tf.Tensor => tf.sum(tf.mul(selfAttention(qi as tf.Tensor2D, ki as tf.Tensor2D, vi as tf.Tensor2D, mask, dims, drop), w));
  const profile = await tf.profile(() => tf.grads(f)([q, k, v]));
  return { ctx: selfAttention(q, k, v, mask, dims, drop), grads: tf.grads(f)([q, k, v]), kernels: profile.kernelNames };
}

for (const masked of [false, true]) {
  for (const dropout of [false, true]) {
    test(`selfAttention on onnxruntime ${masked ? "with" : "without"} a padding mask, ${dropout ? "with" : "without"} dropout: context and the gradients of q, k, v equal the tf-ops path`, async (t) => {
      t.after(() => useNativeAttention(true));
      const [q, k, v] = [1, 2, 3].map((seed) => tf.randomNormal([rows, H], 0, 1.5, "float32", seed) as tf.Tensor2D);
      const mask = masked ? paddingMask() : null;
      const drop = dropout ? { rate: 0.3, seed: 1234 } : null;
      useNativeAttention(true);
      assert.ok(hasNativeAttention(), "wasm with onnxruntime-node is the default backend here");
      const native = await run(q, k, v, mask, drop);
      useNativeAttention(false);
      assert.equal(hasNativeAttention(), false);
      const ops = await run(q, k, v, mask, drop);
      for (const kernel of [ATTENTION_KERNEL, ATTENTION_GRAD_KERNEL]) {
        assert.ok(native.kernels.includes(kernel), `${kernel} did not run: ${native.kernels.join(", ")}`);
        assert.ok(!ops.kernels.includes(kernel), `${kernel} ran with the kernels switched off`);
      }
      assert.ok(ops.kernels.includes("Softmax"), `the tf-ops path ran ${ops.kernels.join(", ")}`);
      assertClose(native.ctx, ops.ctx, 1e-5, "context");
      ["q", "k", "v"].forEach((what, i) => assertClose(native.grads[i], ops.grads[i], 1e-4, `d${what}`));
      if (dropout) {
        // Same seed, same dropped elements: without dropout the context differs far beyond the tolerance.
        const undropped = selfAttention(q, k, v, mask, dims, null);
        assert.ok(maxDiff(undropped, native.ctx) > 1e-2 * maxAbs(native.ctx), "dropout changed nothing");
      }
      if (masked) {
        // Padded keys get no weight: their values receive no gradient.
        const dv = native.grads[2].arraySync() as number[][];
        dv.forEach((row, i) => {
          if (i % dims.seq >= lengths[Math.floor(i / dims.seq)]) assert.ok(row.every((x) => x === 0), `dv row ${i} (padding) is ${row}`);
        });
      }
    });
  }
}

test("a tiny RobertaForMaskedLM in training gives the same loss and gradients with the attention kernels on and off (dropout seeds consumed in the same order)", async (t) => {
  t.after(() => useNativeAttention(true));
  const config = new RobertaConfig({ vocabSize: 60, maxPositionEmbeddings: 20, hiddenSize: 16, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 32, attentionProbsDropoutProb: 0.3 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 3 });
  t.after(() => model.dispose());
  const params = [...model.namedParameters().values()];
  const batch = {
    input_ids: [
      [0, 5, 9, 13, 2, 1, 1],
      [0, 7, 8, 21, 30, 44, 2],
    ],
    attention_mask: [
      [1, 1, 1, 1, 1, 0, 0],
      [1, 1, 1, 1, 1, 1, 1],
    ],
    labels: [
      [-100, 5, -100, 13, -100, -100, -100],
      [-100, -100, 8, -100, 30, -100, -100],
    ],
  };
  const step = async (on: boolean): Promise<{ loss: tf.Scalar; grads: tf.NamedTensorMap; kernels: string[] }> => {
    useNativeAttention(on);
    const profile = await tf.profile(() => tf.variableGrads(() => model.forward(batch, { training: true, seed: 77 }).loss!, params));
    const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, seed: 77 }).loss!, params);
    return { loss: value, grads, kernels: profile.kernelNames };
  };
  const native = await step(true);
  const ops = await step(false);
  assert.ok(native.kernels.includes(ATTENTION_KERNEL) && native.kernels.includes(ATTENTION_GRAD_KERNEL), native.kernels.join(", "));
  assert.ok(!ops.kernels.includes(ATTENTION_KERNEL));
  assertClose(native.loss, ops.loss, 1e-5, "loss");
  // Relative to the largest gradient: the key bias's is zero in exact arithmetic (softmax ignores a
  // constant added to a row), rounding noise of ~1e-13 on either path.
  const scale = Math.max(...Object.values(ops.grads).map(maxAbs));
  for (const name of Object.keys(ops.grads)) assertClose(native.grads[name], ops.grads[name], 1e-4, `gradient of ${name}`, scale);
});
