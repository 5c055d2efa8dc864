// pushToHub against the Hub stand-in (a real HTTP server, the real @huggingface/hub client):
// the repo is created, the model, arguments and model card are committed, and the pushed
// files download through the cache and load into a model with the trained weights.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { hubFile } from "../../src/engine/hub/index";
import { loadWeights } from "../../src/engine/training/checkpoint";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { patternRows, Rows, TinyMaskedLM } from "./tiny-lm";

let hub: HubStandIn;
let root = "";
before(async () => {
  await tf.setBackend("cpu");
  hub = await startHubStandIn();
  root = await mkdtemp(join(tmpdir(), "trainer-push-"));
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

test("pushToHub creates the repo and commits a model that downloads and loads", async () => {
  const config = { vocabSize: 32, hidden: 16, dropout: 0 };
  const model = new TinyMaskedLM(config, 5);
  const args = new TrainingArguments({
    outputDir: join(root, "my_awesome_eli5_mlm_model"),
    evalStrategy: "epoch",
    numTrainEpochs: 1,
    perDeviceTrainBatchSize: 4,
    learningRate: 1e-2,
    saveStrategy: "no",
    pushToHub: true,
    hubUrl: hub.url,
    hubToken: hub.token,
  });
  const rows = new Rows(patternRows(8, 8, config.vocabSize, 3));
  const trainer = new Trainer({ model, args, trainDataset: rows, evalDataset: rows });
  await trainer.train();

  const files = hub.files("model", "tester/my_awesome_eli5_mlm_model");
  for (const name of ["config.json", "model.safetensors", "README.md", "training_args.json"]) assert.ok(files.has(name), `${name} was pushed (got ${[...files.keys()]})`);
  const card = new TextDecoder().decode(files.get("README.md"));
  assert.match(card, /^---\n[\s\S]*generated_from_trainer[\s\S]*\n---\n/);
  assert.match(card, /- learning_rate: 0.01/);
  assert.match(card, /\| Training Loss \| Epoch \| Step \| Validation Loss \|/);

  const cacheDir = join(root, "cache");
  const weights = await hubFile("tester/my_awesome_eli5_mlm_model", "model.safetensors", { hubUrl: hub.url, token: hub.token, cacheDir });
  const cfgPath = await hubFile("tester/my_awesome_eli5_mlm_model", "config.json", { hubUrl: hub.url, token: hub.token, cacheDir });
  assert.equal(dirname(cfgPath), dirname(weights), "both files sit in one snapshot folder of the cache");
  assert.equal(JSON.parse(readFileSync(cfgPath, "utf8")).vocab_size, config.vocabSize);
  const loaded = new TinyMaskedLM(config, 99);
  await loadWeights(weights, loaded);
  assert.deepEqual(await loaded.snapshot(), await model.snapshot());
  model.dispose();
  loaded.dispose();
});

test("pushToHub without a token says how to log in", async () => {
  const model = new TinyMaskedLM({ vocabSize: 8, hidden: 4, dropout: 0 }, 1);
  const saved = { HF_TOKEN: process.env.HF_TOKEN, HF_HOME: process.env.HF_HOME };
  delete process.env.HF_TOKEN;
  process.env.HF_HOME = join(root, "empty-home");
  try {
    const trainer = new Trainer({ model, args: new TrainingArguments({ outputDir: join(root, "no-token"), hubUrl: hub.url }), trainDataset: new Rows(patternRows(2, 4, 8, 1)) });
    await assert.rejects(trainer.pushToHub(), /needs a Hub token: run `await login\(\{ token \}\)`/);
  } finally {
    if (saved.HF_TOKEN !== undefined) process.env.HF_TOKEN = saved.HF_TOKEN;
    if (saved.HF_HOME !== undefined) process.env.HF_HOME = saved.HF_HOME;
    else delete process.env.HF_HOME;
    model.dispose();
  }
});
