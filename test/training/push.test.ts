// pushToHub against the Hub stand-in (a real HTTP server, the real @huggingface/hub client):
// the repo is created, the model, arguments and model card are committed, and the pushed
// files download through the cache and load with AutoModelForMaskedLM / AutoTokenizer.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { patternRows, Rows, TinyMaskedLM } from "./tiny-lm";

let hub: HubStandIn;
let root = "";
before(async () => {
  await ready();
  hub = await startHubStandIn();
  root = await mkdtemp(join(tmpdir(), "trainer-push-"));
});
after(async () => {
  await hub.close();
  await rm(root, { recursive: true, force: true });
});

test("pushToHub creates the repo and commits model, tokenizer and card; they download and load with fromPretrained", async () => {
  const fixture = join(import.meta.dirname, "../fixtures/trainer-parity");
  const model = await AutoModelForMaskedLM.fromPretrained(join(fixture, "model"));
  const tokenizer = await AutoTokenizer.fromPretrained(join(import.meta.dirname, "../../resources/tokenizers/roberta-base-tokenizer"));
  const rows = new Rows(JSON.parse(readFileSync(join(fixture, "batch.json"), "utf8")) as Record<string, number[]>[]);
  const args = new TrainingArguments({
    outputDir: join(root, "my_awesome_eli5_mlm_model"),
    evalStrategy: "epoch",
    numTrainEpochs: 2,
    perDeviceTrainBatchSize: 3,
    learningRate: 1e-2,
    saveStrategy: "no",
    pushToHub: true,
    hubUrl: hub.url,
    hubToken: hub.token,
  });
  const trainer = new Trainer({ model, args, trainDataset: rows, evalDataset: rows, processingClass: tokenizer });
  await trainer.train();

  const files = hub.files("model", "tester/my_awesome_eli5_mlm_model");
  for (const name of ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "README.md", "training_args.json"]) assert.ok(files.has(name), `${name} was pushed (got ${[...files.keys()]})`);
  const card = new TextDecoder().decode(files.get("README.md"));
  assert.match(card, /^---\n[\s\S]*generated_from_trainer[\s\S]*\n---\n/);
  assert.match(card, /- learning_rate: 0.01/);
  assert.match(card, /\| Training Loss \| Epoch \| Step \| Validation Loss \|\n.*\n\| .* \| 1.0000 \| 1 \| .* \|\n\| .* \| 2.0000 \| 2 \|/);

  // Downloaded through the Hub cache, as a person would load the pushed model.
  const opts = { hubUrl: hub.url, token: hub.token, cacheDir: join(root, "cache") };
  const loaded = await AutoModelForMaskedLM.fromPretrained("tester/my_awesome_eli5_mlm_model", opts);
  for (const [name, v] of model.namedParameters()) assert.deepEqual(await loaded.namedParameters().get(name)!.data(), await v.data(), name);
  const tok = await AutoTokenizer.fromPretrained("tester/my_awesome_eli5_mlm_model", opts);
  const text = ["Why is the sky blue? Light scatters."];
  assert.deepEqual(tok(text).input_ids, tokenizer(text).input_ids);
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
