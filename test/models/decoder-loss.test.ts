// The tied decoder's cross-entropy as one blockwise onnxruntime operation (backend/native-decoder-loss.ts)
// against autodiff of −mean(logSoftmax(y·Wᵀ + b)[label]), over vocabularies of several blocks with
// a partial last one, labels at block edges, and rows whose label probability underflows float32.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { BLOCK, DECODER_LOSS_GRAD_KERNEL, DECODER_LOSS_KERNEL, hasNativeDecoderLoss, useNativeDecoderLoss } from "../../src/engine/backend/native-decoder-loss";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { decoderCrossEntropy } from "../../src/engine/models/ops";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

before(async () => {
  await ready();
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

function reference(y: tf.Tensor, w: tf.Tensor, b: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  const logits = tf.add(tf.matMul(y as tf.Tensor2D, w as tf.Tensor2D, false, true), b) as tf.Tensor2D;
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(labels, w.shape[0]).cast("float32")), 1))) as tf.Scalar;
}

const V = 2 * BLOCK + 904; // two full blocks and a partial one
const edges = [0, 1, BLOCK - 1, BLOCK, 2 * BLOCK - 1, 2 * BLOCK, V - 1];

for (const [name, scale] of [
  ["ordinary logits", 1],
  ["logits wide enough that p[label] underflows float32", 60],
] as const) {
  test(`decoder cross-entropy on onnxruntime, ${name}: loss and the gradients of y, W and b equal autodiff`, async () => {
    assert.ok(hasNativeDecoderLoss(), "wasm with onnxruntime-node is the default backend here");
    const n = 37;
    const h = 24;
    const y = tf.mul(tf.randomNormal([n, h], 0, 1, "float32", 1), scale) as tf.Tensor2D;
    const w = tf.randomNormal([V, h], 0, 0.5, "float32", 2) as tf.Tensor2D;
    const b = tf.randomNormal([V], 0, 0.5, "float32", 3) as tf.Tensor1D;
    const labels = tf.tensor1d(Array.from({ length: n }, (_, i) => (i < edges.length ? edges[i] : (i * 997) % V)), "int32");
    const ours = decoderCrossEntropy(y, w, b, labels).dataSync()[0];
    const theirs = reference(y, w, b, labels).dataSync()[0];
    assert.ok(Math.abs(ours - theirs) <= 1e-5 * Math.max(1, Math.abs(theirs)), `loss ${ours} vs ${theirs}`);
    if (scale > 1) assert.ok(theirs > 100, `some labels far below their row's maximum (loss ${theirs})`);

    const f = (yi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Scalar => decoderCrossEntropy(yi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, labels);
    const profile = await tf.profile(() => tf.grads(f)([y, w, b]));
    for (const k of [DECODER_LOSS_KERNEL, DECODER_LOSS_GRAD_KERNEL]) assert.ok(profile.kernelNames.includes(k), `${k} did not run: ${profile.kernelNames.join(", ")}`);
    const a = tf.grads(f)([y, w, b]);
    const e = tf.grads((yi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => reference(yi, wi, bi, labels))([y, w, b]);
    // Logits of ±150 carry an ulp of 1.5e-5 into exp(l − lse) in float32, in either computation.
    const tol = scale > 1 ? 5e-5 : 2e-6;
    ["y", "W", "b"].forEach((what, i) => {
      const d = maxDiff(a[i], e[i]);
      assert.ok(d <= tol * Math.max(1, maxAbs(e[i])), `d${what}: max |Δ| ${d} (largest ${maxAbs(e[i])})`);
    });
  });
}

test("decoder cross-entropy without onnxruntime is the linear layer and crossEntropy, with the same values", (t) => {
  const y = tf.randomNormal([5, 8], 0, 1, "float32", 4) as tf.Tensor2D;
  const w = tf.randomNormal([BLOCK + 3, 8], 0, 1, "float32", 5) as tf.Tensor2D;
  const b = tf.randomNormal([BLOCK + 3], 0, 1, "float32", 6) as tf.Tensor1D;
  const labels = tf.tensor1d([0, BLOCK + 2, 7, BLOCK, 3], "int32");
  const fused = decoderCrossEntropy(y, w, b, labels).dataSync()[0];
  useNativeDecoderLoss(false);
  t.after(() => useNativeDecoderLoss(true));
  assert.equal(hasNativeDecoderLoss(), false);
  const plain = decoderCrossEntropy(y, w, b, labels).dataSync()[0];
  assert.ok(Math.abs(fused - plain) < 1e-5, `${fused} vs ${plain}`);
});

test("a label outside the vocabulary is named, not read past the weights", () => {
  const y = tf.ones([2, 4]) as tf.Tensor2D;
  const w = tf.ones([10, 4]) as tf.Tensor2D;
  const b = tf.zeros([10]) as tf.Tensor1D;
  assert.throws(() => decoderCrossEntropy(y, w, b, tf.tensor1d([3, 10], "int32")), /label 10 at row 1 is outside the vocabulary \[0, 10\)/);
});

test("a training step's loss and word-embedding gradient are the same with the blockwise decoder loss as without", async (t) => {
  const config = new RobertaConfig({ vocabSize: BLOCK + 500, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 40, typeVocabSize: 1 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 3 });
  const ids = [
    [0, 5, BLOCK + 10, 9, 2],
    [0, 11, 4, BLOCK - 1, 2],
  ];
  const labels = [
    [-100, 5, BLOCK + 10, -100, -100],
    [-100, -100, 4, BLOCK - 1, -100],
  ];
  const table = model.namedParameters().get("roberta.embeddings.word_embeddings.weight")!;
  // Dropout off: both runs must see the same network.
  const run = (): [number, tf.Tensor] => {
    const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: ids, labels }, { training: false, returnLogits: false }).loss!, [table]);
    return [value.dataSync()[0], grads[table.name]];
  };
  const [fusedLoss, fusedGrad] = run();
  // The lookup adds its rows into the decoder's table gradient: no segment sum into a [V, H] table, no [V, H] Add.
  const profile = await tf.profile(() => tf.dispose(run()[1]));
  const tableSized = (shapes: number[][]): boolean => shapes.some((s) => s[0] === config.vocabSize);
  const dense = profile.kernels.filter((k) => (k.name === "Add" && tableSized(k.inputShapes)) || (k.name === "UnsortedSegmentSum" && tableSized(k.outputShapes)));
  assert.deepEqual(dense.map((k) => k.name), []);
  useNativeDecoderLoss(false);
  t.after(() => useNativeDecoderLoss(true));
  const [plainLoss, plainGrad] = run();
  assert.ok(Math.abs(fusedLoss - plainLoss) < 1e-5, `${fusedLoss} vs ${plainLoss}`);
  assert.ok(maxDiff(fusedGrad, plainGrad) < 1e-6, `max |Δgrad| ${maxDiff(fusedGrad, plainGrad)}`);
});
