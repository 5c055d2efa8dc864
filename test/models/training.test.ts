// Training on the chosen backend (wasm unless MLM_NOTEBOOK_BACKEND says otherwise): gradients
// equal PyTorch's, dropout is seeded, and steps leak no tensors.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM, RobertaConfig, RobertaForMaskedLM, readSafetensors } from "../../src/engine/models/index";
import { toFloat32 } from "../../src/engine/models/safetensors";
import { gradsByName } from "./grads-by-name";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
const inputs = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as { input_ids: number[][]; attention_mask: number[][]; labels: number[][] };

before(async () => {
  await ready();
});


test("gradients of every parameter match PyTorch's (tied decoder, padding rows, attention mask)", async () => {
  const model = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
  const expected = (await readSafetensors(join(FIXTURE, "expected_grads.safetensors"))).tensors;
  // With the full head, and with the head only at labelled positions (the training path).
  for (const returnLogits of [true, false]) {
    const grads = gradsByName(model, inputs, { returnLogits });
    assert.equal(grads.size, expected.size);
    for (const [name, entry] of expected) {
      const want = toFloat32(entry);
      const got = grads.get(name);
      assert.ok(got, `no gradient for ${name}`);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      assert.ok(worst < 1e-5, `${name} (returnLogits ${returnLogits}): max |Δgrad| ${worst}`);
    }
  }
  model.dispose();
});

const tinyConfig = new RobertaConfig({ vocabSize: 200, hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: 40, typeVocabSize: 1, layerNormEps: 1e-5 });

test("fromConfig initialises as transformers does", () => {
  const model = RobertaForMaskedLM.fromConfig(tinyConfig, { seed: 3 });
  const p = model.namedParameters();
  const word = p.get("roberta.embeddings.word_embeddings.weight")!;
  const pad = tf.tidy(() => tf.abs(tf.slice(word, [1, 0], [1, 32])).sum().dataSync()[0]);
  assert.equal(pad, 0, "padding row is zero");
  const std = tf.tidy(() => tf.moments(word).variance.sqrt().dataSync()[0]);
  assert.ok(Math.abs(std - 0.02) < 0.002, `word embeddings std ${std}`);
  assert.deepEqual([...p.get("lm_head.layer_norm.weight")!.dataSync()].every((x) => x === 1), true);
  assert.deepEqual([...p.get("lm_head.bias")!.dataSync()].every((x) => x === 0), true);
  assert.equal(p.has("lm_head.decoder.weight"), false);
  assert.equal(model.numParameters(), [...p.values()].reduce((n, v) => n + v.size, 0));
  const again = RobertaForMaskedLM.fromConfig(tinyConfig, { seed: 3 });
  assert.deepEqual(again.namedParameters().get("lm_head.dense.weight")!.dataSync(), p.get("lm_head.dense.weight")!.dataSync());
  model.dispose();
  again.dispose();
});

test("fromConfig with the same seed gives the same weights, seed 0 included", () => {
  const config = new RobertaConfig({ vocabSize: 50, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 16, maxPositionEmbeddings: 20, typeVocabSize: 1 });
  for (const seed of [0, 1]) {
    const [a, b] = [RobertaForMaskedLM.fromConfig(config, { seed }), RobertaForMaskedLM.fromConfig(config, { seed })];
    for (const [name, p] of a.namedParameters()) assert.deepEqual(p.dataSync(), b.namedParameters().get(name)!.dataSync(), `${name}, seed ${seed}`);
  }
});

test("dropout only in training, repeatable with a seed", () => {
  const model = RobertaForMaskedLM.fromConfig(tinyConfig, { seed: 1 });
  const batch = { input_ids: [[0, 5, 6, 7, 2, 1]], attention_mask: [[1, 1, 1, 1, 1, 0]], labels: [[-100, 5, -100, 7, -100, -100]] };
  const loss = (o: { training?: boolean; seed?: number }): number => {
    const out = model.forward(batch, o);
    const v = out.loss!.dataSync()[0];
    tf.dispose([out.loss!, out.logits ?? []].flat());
    return v;
  };
  assert.equal(loss({}), loss({}));
  assert.equal(loss({ training: true, seed: 7 }), loss({ training: true, seed: 7 }));
  assert.notEqual(loss({ training: true, seed: 7 }), loss({ training: true, seed: 8 }));
  assert.notEqual(loss({ training: true }), loss({ training: true }), "unseeded training calls draw fresh dropout");
  model.dispose();
});

test("no tensor leaks: the same tensor count after step 1 and step 100, and the loss falls", () => {
  const model = RobertaForMaskedLM.fromConfig(tinyConfig, { seed: 2 });
  const named = model.namedParameters();
  const vars = [...named.values()];
  const ids = tf.tensor2d([[0, 10, 11, 12, 13, 14, 15, 2], [0, 20, 21, 22, 2, 1, 1, 1]], undefined, "int32");
  const mask = tf.tensor2d([[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0]], undefined, "int32");
  const labels = tf.tensor2d([[-100, 10, -100, 12, -100, 14, -100, -100], [-100, 20, -100, 22, -100, -100, -100, -100]], undefined, "int32");
  const losses: number[] = [];
  let afterFirst = 0;
  let backendIdsAfterFirst = 0;
  for (let step = 1; step <= 100; step++) {
    const { value, grads } = tf.variableGrads(() => model.forward({ input_ids: ids, attention_mask: mask, labels }, { training: true }).loss!, vars);
    losses.push(value.dataSync()[0]);
    tf.tidy(() => {
      for (const v of vars) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.5)));
    });
    tf.dispose([value, ...Object.values(grads)]);
    if (step === 1) afterFirst = tf.memory().numTensors;
    if (step === 1) backendIdsAfterFirst = tf.engine().backend.numDataIds();
  }
  assert.equal(tf.memory().numTensors, afterFirst);
  assert.equal(tf.engine().backend.numDataIds(), backendIdsAfterFirst, "the backend holds no more buffers either");
  assert.ok(losses[99] < losses[0] * 0.5, `loss ${losses[0]} → ${losses[99]}`);
  tf.dispose([ids, mask, labels]);
  model.dispose();
});

test("Trainer.evaluate runs the LM head at labelled positions only, with the full-logits loss", async () => {
  const { Trainer, TrainingArguments } = await import("../../src/engine/training/index");
  const { patternRows, Rows } = await import("../training/tiny-lm");
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const model = RobertaForMaskedLM.fromConfig(tinyConfig, { seed: 4 });
  // Ids from 3 up: none is <pad> (1), so every position counts.
  const rows = (patternRows(6, 10, tinyConfig.vocabSize - 3, 7) as { input_ids: number[]; attention_mask: number[]; labels: number[] }[]).map((r) => ({
    input_ids: r.input_ids.map((i) => i + 3),
    attention_mask: r.attention_mask,
    labels: r.labels.map((l) => (l === -100 ? l : l + 3)),
  }));
  const seen: (boolean | undefined)[] = [];
  const forward = model.forward.bind(model);
  model.forward = (batch, options = {}) => {
    seen.push(options.returnLogits);
    return forward(batch, options);
  };
  const args = new TrainingArguments({ outputDir: join(mkdtempSync(join(tmpdir(), "mlm-eval-")), "run"), perDeviceEvalBatchSize: 4, saveStrategy: "no" });
  const metrics = await new Trainer({ model, args, evalDataset: new Rows(rows) }).evaluate();
  assert.deepEqual(seen, [false, false], "two eval batches, both without logits");
  // The same loss, batch-size weighted as HF does, from the full [batch, seq, vocab] logits.
  let weighted = 0;
  for (const part of [rows.slice(0, 4), rows.slice(4)]) {
    const out = forward({ input_ids: part.map((r) => r.input_ids), attention_mask: part.map((r) => r.attention_mask), labels: part.map((r) => r.labels) }, { returnLogits: true });
    assert.ok(out.logits, "full logits computed for the reference");
    weighted += out.loss!.dataSync()[0] * part.length;
    tf.dispose([out.loss!, out.logits!]);
  }
  const expected = weighted / rows.length;
  assert.ok(Math.abs(metrics.eval_loss - expected) < 1e-6, `eval_loss ${metrics.eval_loss} vs full-logits ${expected}`);
  assert.ok(Math.abs(metrics.perplexity - Math.exp(expected)) < 1e-4 * Math.exp(expected));
  model.dispose();
});
