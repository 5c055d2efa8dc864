// Issue 17, quiet failure: a run whose loss or gradient norm runs away while staying finite
// warns once, saying what to lower; a healthy run says nothing.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { patternRows, Rows, TinyMaskedLM } from "./tiny-lm";

let root = "";
before(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "divergence-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(learningRate: number): Promise<{ warned: string[]; losses: number[] }> {
  const model = new TinyMaskedLM({ vocabSize: 32, hidden: 16, dropout: 0 }, 5);
  const trainer = new Trainer({
    model,
    args: new TrainingArguments({ outputDir: join(root, `lr-${learningRate}`), perDeviceTrainBatchSize: 4, numTrainEpochs: 2, learningRate, maxGradNorm: 0, saveStrategy: "no", loggingSteps: 1 }),
    trainDataset: new Rows(patternRows(40, 8, 32, 1)),
  });
  const losses: number[] = [];
  trainer.callbacks.push({ onStepEnd: (e) => losses.push(e.loss) });
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.join(" "));
  try {
    await trainer.train();
  } finally {
    console.warn = original;
    model.dispose();
  }
  return { warned, losses };
}

test("lr 1e6: the loss grows far past its start but stays finite, and the run warns once, naming learningRate", async () => {
  const { warned, losses } = await run(1e6);
  assert.ok(losses.every(Number.isFinite), `the losses stay finite: ${losses.join(", ")}`);
  assert.equal(warned.length, 1, warned.join("\n"));
  assert.match(warned[0], /Training looks divergent at step \d+: the (loss|gradient norm) is .* over \d+× its start .*Lower learningRate \(it is 1000000\)/);
});

test("a healthy run does not warn", async () => {
  const { warned } = await run(3e-2);
  assert.deepEqual(warned, []);
});
