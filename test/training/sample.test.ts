// The tutorial's train and evaluate cells on the bundled sample, end to end with the real parts
// (loadDataset, AutoTokenizer, group texts, DataCollatorForLanguageModeling, RobertaForMaskedLM)
// and a small config: loss falls, eval loss is logged each epoch, perplexity = exp(eval_loss),
// and the same seed gives the same losses.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { ready } from "../../src/engine/backend/index";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { loadDataset, type Batch, type DatasetDict } from "../../src/engine/datasets/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer, type PreTrainedTokenizerFast } from "../../src/engine/tokenizers/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";

const BLOCK = 32;
let root = "";
let tokenizer: PreTrainedTokenizerFast;
let lm: DatasetDict;

/** The tutorial's group_texts: concatenate, drop the remainder, cut into blocks; labels = input_ids. */
function groupTexts(examples: Batch): Batch {
  const out: Batch = {};
  for (const key of ["input_ids", "attention_mask"]) {
    const all = (examples[key] as number[][]).flat();
    const total = Math.floor(all.length / BLOCK) * BLOCK;
    out[key] = Array.from({ length: total / BLOCK }, (_, i) => all.slice(i * BLOCK, (i + 1) * BLOCK));
  }
  out.labels = (out.input_ids as number[][]).map((r) => [...r]);
  return out;
}

before(async () => {
  await ready();
  root = await mkdtemp(join(tmpdir(), "trainer-sample-"));
  tokenizer = await AutoTokenizer.fromPretrained(fileURLToPath(new URL("../../resources/tokenizers/roberta-base-bpe", import.meta.url)));
  const eli5 = (await loadDataset("eli5_sample", { split: "train[:60]", cacheDir: join(root, "cache") })).trainTestSplit({ testSize: 0.2, seed: 42 }).flatten();
  const tokenized = await eli5.map((b: Batch) => tokenizer((b["answers.text"] as string[][]).map((x) => x.join(" "))), { batched: true, removeColumns: eli5.train.columnNames });
  lm = await tokenized.map(groupTexts, { batched: true });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(name: string): Promise<{ losses: number[]; trainer: Trainer }> {
  const config = new RobertaConfig({ vocabSize: tokenizer.vocabSize, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: BLOCK + 2 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 42 });
  tokenizer.padToken = tokenizer.eosToken;
  const dataCollator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15, seed: 42 });
  const args = new TrainingArguments({ outputDir: join(root, name), evalStrategy: "epoch", learningRate: 2e-3, numTrainEpochs: 2, weightDecay: 0.01, loggingSteps: 4, saveStrategy: "no", perDeviceTrainBatchSize: 8 });
  const losses: number[] = [];
  const trainer = new Trainer({ model, args, trainDataset: lm.train, evalDataset: lm.test, dataCollator, callbacks: [{ onStepEnd: (e) => losses.push(e.loss) }] });
  await trainer.train();
  return { losses, trainer };
}

test("on the bundled sample: loss falls, eval loss each epoch, perplexity = exp(eval_loss), same seed → same losses", async () => {
  assert.ok(lm.train.numRows >= 40, `enough blocks to train on (got ${lm.train.numRows})`);
  const a = await run("a");
  const b = await run("b");
  assert.deepEqual(a.losses, b.losses, "same seed, same losses");
  const n = a.losses.length;
  assert.equal(n, 2 * Math.ceil(lm.train.numRows / 8));
  const head = a.losses.slice(0, 3).reduce((x, y) => x + y) / 3;
  const tail = a.losses.slice(-3).reduce((x, y) => x + y) / 3;
  assert.ok(tail < head - 0.5, `loss falls: first steps ${head.toFixed(3)}, last steps ${tail.toFixed(3)}`);
  const evals = a.trainer.state.logHistory.filter((e) => "eval_loss" in e);
  assert.deepEqual(evals.map((e) => e.epoch), [1, 2]);
  assert.ok(evals[1].eval_loss < evals[0].eval_loss, `eval loss falls: ${evals.map((e) => e.eval_loss)}`);
  const r = await a.trainer.evaluate();
  assert.ok(Math.abs(r.perplexity - Math.exp(r.eval_loss)) < 1e-9 * r.perplexity);
  assert.ok(r.perplexity < tokenizer.vocabSize, "better than guessing uniformly over the vocabulary");
  for (const t of [a.trainer, b.trainer]) (t.model as RobertaForMaskedLM).dispose();
});
