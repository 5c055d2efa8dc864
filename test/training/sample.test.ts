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
import { InterruptedError, setAbortSignal } from "../../src/engine/runtime/index";
import { ready } from "../../src/engine/backend/index";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { loadDataset, type Batch, type DatasetDict } from "../../src/engine/datasets/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer, type PreTrainedTokenizerFast } from "../../src/engine/tokenizers/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import type { StepEndEvent } from "../../src/engine/training/callbacks";
import { Trainer } from "../../src/engine/training/trainer";

const BLOCK = 32;
let root = "";
let tokenizer: PreTrainedTokenizerFast;
let lm: DatasetDict<"train" | "test">;

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
  tokenizer = await AutoTokenizer.fromPretrained(fileURLToPath(new URL("../../resources/tokenizers/roberta-base-tokenizer", import.meta.url)));
  const eli5 = (await loadDataset("eli5_sample", { split: "train[:24]", cacheDir: join(root, "cache") })).trainTestSplit({ testSize: 0.2, seed: 42 }).flatten();
  const tokenized = await eli5.map((b: Batch) => tokenizer((b["answers.text"] as string[][]).map((x) => x.join(" "))), { batched: true, removeColumns: eli5.train.columnNames });
  lm = await tokenized.map(groupTexts, { batched: true });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

interface RunOptions {
  /** Interrupt the run after this step. */
  stopAfter?: number;
  /** Seeds the model's initial weights and the collator (a resumed run must not depend on them). */
  seed?: number;
  resume?: boolean;
}

/** The tutorial's train cell with a small config. */
async function run(name: string, { stopAfter, seed = 42, resume = false }: RunOptions = {}): Promise<{ losses: number[]; trainer: Trainer; model: RobertaForMaskedLM }> {
  const config = new RobertaConfig({ vocabSize: tokenizer.vocabSize, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: BLOCK + 2 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed });
  tokenizer.padToken = tokenizer.eosToken;
  const dataCollator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15, seed });
  const args = new TrainingArguments({ outputDir: join(root, name), evalStrategy: "epoch", learningRate: 2e-3, numTrainEpochs: 2, weightDecay: 0.01, loggingSteps: 2, saveStrategy: "no", perDeviceTrainBatchSize: 8 });
  const losses: number[] = [];
  const controller = new AbortController();
  setAbortSignal(controller.signal);
  const stop = { onStepEnd: (e: StepEndEvent) => void (e.state.globalStep === stopAfter && controller.abort()) };
  const trainer = new Trainer({ model, args, trainDataset: lm.train, evalDataset: lm.test, dataCollator, callbacks: [{ onStepEnd: (e) => losses.push(e.loss) }, stop] });
  try {
    await trainer.train({ resumeFromCheckpoint: resume });
  } catch (error) {
    if (!(error instanceof InterruptedError) || stopAfter === undefined) throw error;
  } finally {
    setAbortSignal(null);
  }
  return { losses, trainer, model };
}

test("on the bundled sample: loss falls, eval loss each epoch, perplexity = exp(eval_loss), same seed → same losses; resumed after an interrupt → the same losses", async () => {
  assert.ok(lm.train.numRows >= 40, `enough blocks to train on (got ${lm.train.numRows})`);
  const a = await run("a");
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
  // Same seed: a second run repeats the losses exactly. It is interrupted at step k, mid-epoch...
  const k = 5;
  const b = await run("b", { stopAfter: k });
  assert.deepEqual(b.losses, a.losses.slice(0, k), "same seed, same losses");
  // ...and resumed from its checkpoint by a model and collator seeded otherwise: weights, AdamW
  // moments, schedule, masking RNG and sampler order all come from the checkpoint.
  const c = await run("b", { seed: 7, resume: true });
  assert.equal(c.losses.length, n - k);
  assert.deepEqual(c.losses, a.losses.slice(k), "resumed losses equal the uninterrupted run's from step k on");
  const evalLosses = (t: Trainer): number[][] => t.state.logHistory.filter((e) => "eval_loss" in e).map((e) => [e.step, e.eval_loss]);
  assert.deepEqual(evalLosses(c.trainer), evalLosses(a.trainer).slice(0, 2), "eval losses equal too");
  for (const x of [a, b, c]) x.model.dispose();
});
