// The py export of a real sweep: trainer.hyperparameterSearch on a tiny RoBERTa records its call, and
// the script maps it to transformers' trainer.hyperparameter_search(..., backend="optuna") over the
// same space (grid → GridSampler over the same lists; random → a seeded RandomSampler and ranges).
// The script compiles (python3 -m py_compile) and Python's own parser reads the space back.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import type { NotebookDoc } from "../../src/api/index";
import { RobertaConfig } from "../../src/engine/models/roberta-config";
import { RobertaForMaskedLM } from "../../src/engine/models/roberta-for-masked-lm";
import { clearRecordedCalls, recordedCalls, setDisplaySink } from "../../src/engine/runtime/index";
import type { HyperparameterSearchOptions } from "../../src/engine/training/hyperparameter-search";
import { Trainer } from "../../src/engine/training/trainer";
import { newCell } from "../../src/notebook/cells";
import { exportNotebook, withSavedCalls } from "../../src/notebook/export/index";
import { patternRows, Rows } from "../training/tiny-lm";
import { pythonFacts } from "./python-facts";

const VOCAB = 32;
const rows = new Rows(patternRows(8, 8, VOCAB, 3));
let dir = "";

before(async () => {
  await tf.setBackend("cpu");
  dir = mkdtempSync(join(tmpdir(), "hp-search-py-"));
  setDisplaySink(() => undefined);
});
after(() => {
  setDisplaySink(null);
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a real sweep and exports the one cell that made it, with the calls the engine recorded. */
async function exportedSweep(search: HyperparameterSearchOptions): Promise<{ file: string; text: string }> {
  clearRecordedCalls();
  const config = new RobertaConfig({ vocabSize: VOCAB, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 16 });
  const trainer = new Trainer({
    modelInit: () => RobertaForMaskedLM.fromConfig(config, { seed: 1 }),
    args: { outputDir: join(dir, "out"), perDeviceTrainBatchSize: 4, numTrainEpochs: 1, saveStrategy: "no", evalStrategy: "epoch" },
    trainDataset: rows,
    evalDataset: rows,
  });
  await trainer.hyperparameterSearch(search);
  const cell = { ...withSavedCalls(newCell("code", "await trainer.hyperparameterSearch(...)"), recordedCalls()), executionCount: 1 };
  const doc: NotebookDoc = { path: null, title: "sweep", cells: [cell], dirty: false, metadata: {} };
  const text = exportNotebook(doc, "py").text;
  const file = join(dir, `sweep-${search.backend}.py`);
  writeFileSync(file, text);
  const compiled = spawnSync("/usr/bin/python3", ["-m", "py_compile", file], { encoding: "utf8" });
  assert.equal(compiled.status, 0, `${compiled.stderr}\n${text}`);
  return { file, text };
}

test("a grid sweep exports as hyperparameter_search with optuna's GridSampler over the same lists", async () => {
  const { file, text } = await exportedSweep({ hpSpace: { learningRate: [1e-3, 1e-2, 3e-2], weightDecay: [0, 0.01] }, nTrials: 3, backend: "grid" });
  const facts = pythonFacts(file);
  assert.deepEqual(facts.calls["trainer.hyperparameter_search"], { hp_space: { expr: "hp_space" }, n_trials: 3, direction: "minimize", backend: "optuna", sampler: { expr: "optuna.samplers.GridSampler({'learning_rate': [0.001, 0.01, 0.03], 'weight_decay': [0, 0.01]})" } });
  assert.deepEqual(facts.calls["optuna.samplers.GridSampler"].args, [{ learning_rate: [1e-3, 1e-2, 3e-2], weight_decay: [0, 0.01] }]);
  // hp_space suggests the same names and values (the last suggest_categorical the parser saw is weight_decay's).
  assert.match(text, /"learning_rate": trial\.suggest_categorical\("learning_rate", \[0\.001, 0\.01, 0\.03\]\),/);
  assert.deepEqual(facts.calls["trial.suggest_categorical"].args, ["weight_decay", [0, 0.01]]);
  assert.match(text, /def model_init\(trial\):\n {4}return RobertaForMaskedLM\(config\)/, "model_init makes the notebook's model afresh");
  // The Trainer was made with modelInit only: the script writes it once the model is known, before the search.
  assert.ok(text.indexOf("trainer = Trainer(") < text.indexOf("trainer.model_init = model_init"));
  assert.equal(text.match(/trainer\.train\(/g), null, "the trials' own train() calls are the search's, not steps of the script");
  assert.match(text, /^import optuna$/m);
});

test("a random sweep exports ranges as suggest_float / suggest_int and a RandomSampler with the same seed", async () => {
  const { file } = await exportedSweep({ hpSpace: { learningRate: { low: 1e-4, high: 1e-2, log: true }, warmupSteps: { low: 0, high: 2, int: true } }, nTrials: 2, backend: "random", seed: 7, direction: "maximize" });
  const facts = pythonFacts(file);
  const search = facts.calls["trainer.hyperparameter_search"];
  assert.equal(search.n_trials, 2);
  assert.equal(search.direction, "maximize");
  assert.equal(search.backend, "optuna");
  assert.deepEqual(facts.calls["optuna.samplers.RandomSampler"], { seed: 7 });
  assert.deepEqual(facts.calls["trial.suggest_float"], { args: ["learning_rate", 1e-4, 1e-2], log: true });
  assert.deepEqual(facts.calls["trial.suggest_int"], { args: ["warmup_steps", 0, 2] });
});
