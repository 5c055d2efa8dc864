// Issue 17, hole 4: every writer fails within seconds, naming the path and the cause, where Node's
// recursive mkdir would never settle (/proc) or a part of the path is a file; the Trainer finds
// an unwritable outputDir before its first step, and a checkpoint folder already there is kept.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { writeExport } from "../../src/notebook/export/write-export";
import { patternRows, Rows, TinyMaskedLM } from "./tiny-lm";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
let root = "";
let fileAsFolder = "";

before(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "write-failures-"));
  fileAsFolder = join(root, "a-file");
  writeFileSync(fileAsFolder, "not a folder");
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The promise's outcome, or a failure saying it hung (what Node's recursive mkdir does under /proc). */
async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms / 1000} s`)), ms)));
  try {
    return await Promise.race([p, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

test("savePretrained (model and tokenizer) under /proc or below a file fails within seconds with the path and cause", async () => {
  const model = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const cases: [string, RegExp][] = [
    ["/proc/mlm-x", /the folder \/proc takes no new files/],
    ["/proc/mlm-x/deeper", /the folder \/proc takes no new files/],
    [join(fileAsFolder, "model"), /a part of the path is a file, not a folder/],
  ];
  try {
    for (const [folder, why] of cases) {
      for (const [what, save] of [["the model", (): Promise<unknown> => model.savePretrained(folder)], ["the tokenizer", (): Promise<unknown> => tok.savePretrained(folder)]] as const) {
        await assert.rejects(within(5000, `${what} savePretrained(${folder})`, save()), (e: Error) => {
          assert.match(e.message, new RegExp(`Cannot write ${what} to ${escape(folder)}`));
          assert.match(e.message, why);
          return true;
        });
      }
    }
  } finally {
    model.dispose();
  }
});

test("a Trainer with an unwritable outputDir fails before its first step", async () => {
  const train = new Rows(patternRows(8, 8, 32, 1));
  for (const outputDir of ["/proc/mlm-run", join(fileAsFolder, "run")]) {
    const model = new TinyMaskedLM({ vocabSize: 32, hidden: 8, dropout: 0 }, 3);
    const steps: number[] = [];
    const trainer = new Trainer({ model, args: new TrainingArguments({ outputDir, perDeviceTrainBatchSize: 4, numTrainEpochs: 1, saveStrategy: "steps", saveSteps: 1 }), trainDataset: train });
    trainer.callbacks.push({ onStepEnd: (e) => steps.push(e.state.globalStep) });
    await assert.rejects(within(5000, `train() into ${outputDir}`, trainer.train()), new RegExp(`Cannot write checkpoints to ${escape(outputDir)}: .*outputDir`));
    assert.deepEqual(steps, [], `no step ran for ${outputDir}`);
    model.dispose();
  }
});

test("a checkpoint that cannot be written fails within seconds naming its folder; the checkpoints before it stay whole", async () => {
  const real = join(root, "real-run");
  const outputDir = join(root, "run-link");
  mkdirSync(real);
  symlinkSync(real, outputDir);
  const train = new Rows(patternRows(8, 8, 32, 1));
  const model = new TinyMaskedLM({ vocabSize: 32, hidden: 8, dropout: 0 }, 3);
  const trainer = new Trainer({ model, args: new TrainingArguments({ outputDir, perDeviceTrainBatchSize: 4, numTrainEpochs: 1, saveStrategy: "steps", saveSteps: 1 }), trainDataset: train });
  // After the first checkpoint, outputDir leads under /proc, where Node's recursive mkdir never returns.
  trainer.callbacks.push({ onSave: () => { rmSync(outputDir); symlinkSync("/proc", outputDir); } });
  await assert.rejects(within(5000, "the second checkpoint", trainer.train()), new RegExp(`Cannot write the checkpoint to ${escape(join(outputDir, "checkpoint-2"))}: the folder ${escape(outputDir)} takes no new files`));
  assert.deepEqual(readdirSync(join(real, "checkpoint-1")).sort(), ["config.json", "model.safetensors", "optimizer.safetensors", "rng_state.json", "scheduler.json", "trainer_state.json", "training_args.json"], "checkpoint-1 is intact");
  model.dispose();
});

test("an export under /proc or below a file fails within seconds with the path and cause", async () => {
  for (const [path, why] of [["/proc/mlm-x.ts", /does not take new files|takes no new files/], ["/proc/mlm-x/run.ts", /does not exist/], [join(fileAsFolder, "run.ts"), /not a folder/]] as const) {
    await assert.rejects(within(5000, `writeExport(${path})`, writeExport(path, "console.log(1);\n")), (e: Error) => {
      assert.match(e.message, new RegExp(`Cannot write the export to ${escape(path)}`));
      assert.match(e.message, why);
      return true;
    });
  }
  assert.equal(existsSync("/proc/mlm-x.ts"), false);
});
