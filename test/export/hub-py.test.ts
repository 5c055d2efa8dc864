// Acceptance: the `py` export of the Hub notebook, after a real run against the Hub stand-in with
// blockSize edited to 64 and learningRate to 3e-5, compiles with Python and holds the run's values.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ready } from "../../src/engine/backend/index";
import { RobertaConfig } from "../../src/engine/models/roberta-config";
import { RobertaForMaskedLM } from "../../src/engine/models/roberta-for-masked-lm";
import type { NotebookDoc } from "../../src/api/index";
import { eli5Parquet, eli5Rows } from "../datasets/fixtures";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { editSource, ensureBuilt, ROOT, runThroughService, shippedNotebook, tempDir } from "./support";
import { pythonFacts } from "./python-facts";

const PYTHON = "/usr/bin/python3";
let hub: HubStandIn;
let dir: string;
let ran: NotebookDoc;
const savedEnv = { HF_ENDPOINT: process.env.HF_ENDPOINT, HF_HOME: process.env.HF_HOME, HF_TOKEN: process.env.HF_TOKEN };

/** A tiny random RoBERTa that takes the bundled tokenizer's ids, saved in HF's layout (config.json + model.safetensors). */
async function tinyDistilroberta(folder: string): Promise<Record<string, Uint8Array>> {
  await ready();
  const model = RobertaForMaskedLM.fromConfig(new RobertaConfig({ vocabSize: 50265, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 130 }), { seed: 7 });
  await model.savePretrained(folder);
  model.dispose();
  const tokenizerDir = join(ROOT, "resources", "tokenizers", "roberta-base-tokenizer");
  const files: Record<string, Uint8Array> = {};
  for (const f of ["config.json", "model.safetensors"]) files[f] = readFileSync(join(folder, f));
  for (const f of readdirSync(tokenizerDir).filter((f) => /\.(json|txt)$/.test(f))) files[f] = readFileSync(join(tokenizerDir, f));
  return files;
}

before(async () => {
  ensureBuilt();
  dir = tempDir("export-hub");
  hub = await startHubStandIn();
  hub.addRepo({ type: "model", id: "distilbert/distilroberta-base", files: await tinyDistilroberta(join(dir, "tiny")) });
  hub.addRepo({ type: "dataset", id: "eli5_category", files: { "README.md": "# ELI5" }, parquet: { "default/train/0000.parquet": eli5Parquet(eli5Rows(60), { hfMetadata: true }) } });
  // The kernel inherits these: the engine's default Hub is HF_ENDPOINT; the push at the end of training uses HF_TOKEN.
  Object.assign(process.env, { HF_ENDPOINT: hub.url, HF_HOME: join(dir, "hf"), HF_TOKEN: hub.token });

  const doc = shippedNotebook("hub");
  // The edits the acceptance names, plus what keeps the run short: 40 rows, one process, 2 steps.
  editSource(doc, "group", "const blockSize = 128;", "const blockSize = 64;");
  editSource(doc, "trainer", "learningRate: 2e-5,", "learningRate: 3e-5,\n  maxSteps: 2,");
  editSource(doc, "load", /train\[:\d+\]/, "train[:40]");
  editSource(doc, "tokenize", /numProc: \d+/, "numProc: 1");
  editSource(doc, "group", /numProc: \d+/, "numProc: 1");
  ran = await runThroughService(doc, dir);
});

after(async () => {
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(savedEnv)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

function exportPy(): { file: string; stderr: string } {
  const notebook = join(dir, "run.ipynb");
  const file = join(dir, "hub-export.py");
  const r = spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), "export", notebook, "--to", "py", "-o", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return { file, stderr: r.stderr };
}

test("the saved notebook holds each cell's recorded calls, with the edited values as run", () => {
  const calls = ran.cells.flatMap((c) => ((c.metadata?.mlm_notebook as { calls?: { api: string; params: Record<string, unknown> }[] })?.calls ?? []));
  const train = calls.find((c) => c.api === "Trainer.train");
  assert.equal((train?.params.args as Record<string, unknown>).learningRate, 3e-5);
  const group = calls.find((c) => c.api === "map" && (c.params.captured as Record<string, unknown>).blockSize !== undefined);
  assert.equal((group?.params.captured as Record<string, unknown>).blockSize, 64);
});

test("py export compiles with python3 -m py_compile and holds the run's values (blockSize 64, lr 3e-5, …)", () => {
  const { file } = exportPy();
  const compiled = spawnSync(PYTHON, ["-m", "py_compile", file], { encoding: "utf8" });
  assert.equal(compiled.status, 0, compiled.stderr);
  const facts = pythonFacts(file);
  assert.equal(facts.assigns.block_size, 64);
  assert.equal(facts.calls.TrainingArguments.learning_rate, 3e-5);
  assert.deepEqual(facts.calls.TrainingArguments, {
    output_dir: "my_awesome_eli5_mlm_model",
    eval_strategy: "epoch",
    learning_rate: 3e-5,
    max_steps: 2,
    // The notebook sets it, so the script does, though it is transformers' default too.
    num_train_epochs: 3,
    weight_decay: 0.01,
    push_to_hub: true,
  });
  assert.deepEqual(facts.calls.load_dataset, { args: ["eli5_category"], split: "train[:40]" });
  assert.deepEqual(facts.calls.train_test_split, { test_size: 0.2, seed: 42 });
  assert.deepEqual(facts.calls["AutoTokenizer.from_pretrained"], { args: ["distilbert/distilroberta-base"] });
  assert.deepEqual(facts.calls["AutoModelForMaskedLM.from_pretrained"], { args: ["distilbert/distilroberta-base"] });
  assert.deepEqual(facts.calls.DataCollatorForLanguageModeling, { tokenizer: { expr: "tokenizer" }, mlm_probability: 0.15 });
  assert.deepEqual(facts.assigns["tokenizer.pad_token"], { expr: "tokenizer.eos_token" });
  assert.equal(facts.calls.map_tokenize.batched, true);
  assert.deepEqual(facts.calls.map_tokenize.remove_columns, ["q_id", "title", "selftext", "category", "subreddit", "answers.a_id", "answers.text", "answers.score", "answers.text_urls", "title_urls", "selftext_urls"]);
  assert.ok(facts.names.includes("trainer.train") && facts.names.includes("trainer.evaluate") && facts.names.includes("trainer.push_to_hub"), facts.names.join(", "));
});

test("the header says how to run on one GPU and with accelerate launch, and lists no untranslated cell for the tutorial", () => {
  const text = readFileSync(exportPy().file, "utf8");
  assert.match(text, /^# .*One GPU: .*python3/m);
  assert.match(text, /^# .*accelerate launch/m);
  assert.doesNotMatch(text, /no Python equivalent/);
});
