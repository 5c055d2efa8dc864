// Issue 17, quiet failure: a broken config.json, trainer_state.json or dataset_info.json names
// the file, where in it the fault is, and how to repair it, instead of a bare "Unexpected token".
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadDataset } from "../../src/engine/datasets/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { patternRows, Rows, TinyMaskedLM } from "./tiny-lm";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
let root = "";
before(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "json-files-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

test("a config.json with a stray comma names the file, the line and column, and the repair", async () => {
  const folder = join(root, "model");
  mkdirSync(folder);
  cpSync(join(FIXTURE, "model.safetensors"), join(folder, "model.safetensors"));
  const config = readFileSync(join(FIXTURE, "config.json"), "utf8");
  const edited = config.trimEnd().replace(/\n}$/, ",\n}\n");
  writeFileSync(join(folder, "config.json"), edited);
  const lastLine = edited.trimEnd().split("\n").length;
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(folder), (e: Error) => {
    assert.match(e.message, new RegExp(`^${escape(join(folder, "config.json"))} is not valid JSON \\(Expected double-quoted property name at line ${lastLine}, column 1\\)\\. Repair it, or write it again with savePretrained`));
    return true;
  });
});

test("a damaged trainer_state.json names the checkpoint file and says to resume from another", async () => {
  const outputDir = join(root, "run");
  const model = new TinyMaskedLM({ vocabSize: 32, hidden: 8, dropout: 0 }, 3);
  const args = new TrainingArguments({ outputDir, perDeviceTrainBatchSize: 4, numTrainEpochs: 1, saveStrategy: "steps", saveSteps: 1 });
  const train = new Rows(patternRows(8, 8, 32, 1));
  await new Trainer({ model, args, trainDataset: train }).train();
  const state = join(outputDir, "checkpoint-2", "trainer_state.json");
  writeFileSync(state, readFileSync(state, "utf8").slice(0, 40));
  await assert.rejects(new Trainer({ model, args, trainDataset: train }).train({ resumeFromCheckpoint: join(outputDir, "checkpoint-2") }), (e: Error) => {
    assert.match(e.message, new RegExp(`^${escape(state)} is not valid JSON \\(.*\\)\\. This checkpoint is damaged: resume from another checkpoint-N folder`));
    return true;
  });
  model.dispose();
});

test("a broken dataset_info.json in a dataset folder names the file", async () => {
  const folder = join(root, "data");
  mkdirSync(folder);
  writeFileSync(join(folder, "train.jsonl"), '{"a": 1}\n');
  writeFileSync(join(folder, "dataset_info.json"), '{"features": {"a": {"dtype": "int64", "_type": "Value"}');
  await assert.rejects(loadDataset(folder, { split: "train" }), new RegExp(`${escape(join(folder, "dataset_info.json"))} is not valid JSON .*delete it to have the columns inferred`));
});
