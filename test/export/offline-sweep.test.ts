// The offline notebook's "Try other learning rates" cell is markdown (Run All stays the tutorial's
// length); its code, pasted into a new cell as a person would, runs in the app after the tutorial
// (reduced: 40 rows, 2 steps a run): the training run and the 3 trials are kept in the notebook's
// metadata with what they depended on, and the py export maps the sweep to hyperparameter_search.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { notebookRuns, type NotebookDoc } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { exportNotebook } from "../../src/notebook/export/index";
import { pythonFacts } from "./python-facts";
import { cellByKey, ensureBuilt, reducedOffline, runThroughService, tempDir } from "./support";

let dir: string;
let ran: NotebookDoc;
let sweepSource = "";
const savedHome = process.env.HF_HOME;

before(async () => {
  ensureBuilt();
  dir = tempDir("offline-sweep");
  process.env.HF_HOME = join(dir, "hf");
  const doc = reducedOffline();
  const note = cellByKey(doc, "sweep-note");
  assert.equal(note.type, "markdown", "the sweep is shown, not run by Run All");
  sweepSource = /```ts\n([\s\S]*?)\n```/.exec(note.source)?.[1] ?? "";
  assert.match(sweepSource, /hyperparameterSearch/);
  doc.cells.push(newCell("code", sweepSource, "pasted-sweep"));
  ran = await runThroughService(doc, dir);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedHome === undefined) delete process.env.HF_HOME;
  else process.env.HF_HOME = savedHome;
});

test("the pasted sweep runs 3 trials; each run is kept in the notebook's metadata with what it depended on", () => {
  const runs = notebookRuns(ran.metadata);
  assert.deepEqual(runs.map((r) => [r.name, r.status, r.args.learningRate]), [
    ["run 1", "finished", 1e-4],
    ["run 2 (trial 1/3)", "finished", 3e-5],
    ["run 3 (trial 2/3)", "finished", 1e-4],
    ["run 4 (trial 3/3)", "finished", 3e-4],
  ]);
  for (const r of runs) {
    assert.equal(r.values.blockSize, 128);
    assert.equal(r.values.mlmProbability, 0.15);
    assert.equal(r.values["model.hidden_size"], 256);
    assert.equal(r.metrics.global_step, 2);
    assert.ok(Number.isFinite(r.metrics.eval_loss) && r.curves.loss.length === 2, JSON.stringify(r.metrics));
  }
  assert.ok(runs[1].cells.some((c) => c.source === sweepSource), "a trial keeps the cell that ran it, as it was");
  const result = cellByKey(ran, "sweep").outputs.find((o) => o.output_type === "execute_result");
  const text = result && "data" in result ? String(result.data["text/plain"]) : "";
  const best = runs.slice(1).reduce((a, b) => (b.metrics.eval_loss < a.metrics.eval_loss ? b : a));
  assert.ok(text.includes(best.id) && text.includes("learningRate"), `the cell returns the best run (${best.name}): ${text}`);
});

test("the py export of the run writes the sweep as hyperparameter_search over the same learning rates, and compiles", () => {
  const file = join(dir, "sweep.py");
  const text = exportNotebook(ran, "py").text;
  writeFileSync(file, text);
  assert.equal(spawnSync("/usr/bin/python3", ["-m", "py_compile", file], { encoding: "utf8" }).status, 0, text);
  const facts = pythonFacts(file);
  assert.equal(facts.calls["trainer.hyperparameter_search"].backend, "optuna");
  assert.equal(facts.calls["trainer.hyperparameter_search"].n_trials, 3);
  assert.deepEqual(facts.calls["optuna.samplers.GridSampler"].args, [{ learning_rate: [3e-5, 1e-4, 3e-4] }]);
  assert.match(text, /def model_init\(trial\):\n {4}return AutoModelForMaskedLM\.from_pretrained\(".*roberta-small-docs"\)/);
  assert.equal(text.match(/trainer\.train\(\)/g)?.length, 1, "the tutorial's own train() once; the trials are the search's");
});
