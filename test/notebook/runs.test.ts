// Runs kept with the document (src/notebook/runs.ts): named in order, a trial named as one, a record
// announced again replaces its row (keeping its name and hidden flag), hide and delete, an unknown
// run named in the error; and the runs survive the .ipynb as plain notebook metadata.
import assert from "node:assert/strict";
import { test } from "node:test";
import { notebookRuns, type NotebookDoc, type RunRecord } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { parseIpynb, serializeIpynb } from "../../src/notebook/ipynb";
import { cellsOfRun, withRun, withRunChange } from "../../src/notebook/runs";

const record = (id: string, learningRate: number, trial: RunRecord["trial"] = null): RunRecord => ({
  id, name: "", startedAt: 1, endedAt: 2, status: "finished", args: { learningRate }, values: { blockSize: 128 }, metrics: { eval_loss: 2.5 }, trial, cells: [],
  curves: { loss: [[1, 3], [2, 2.5]], eval_loss: [[2, 2.5]], learning_rate: [[1, learningRate]], grad_norm: [] },
});

function doc(): NotebookDoc {
  const ran = { ...newCell("code", "const learningRate = 1e-3;", "a"), executionCount: 1 };
  return { path: null, title: "t", cells: [ran, newCell("code", "never run", "b"), newCell("code", "await trainer.train();", "c")], dirty: false, metadata: { mlm_notebook: { template: { title: "x" } } } };
}

test("runs are named in order, with the cells that had run and the training cell", () => {
  const cells = cellsOfRun(doc(), "c");
  assert.deepEqual(cells.map((c) => c.id), ["a", "c"]);
  let d = withRun(doc(), record("r1", 1e-3), cells);
  d = withRun(d, record("r2", 1e-2, { sweepId: "s", number: 1, of: 3, hyperparameters: { learningRate: 1e-2 } }), cells);
  assert.deepEqual(notebookRuns(d.metadata).map((r) => r.name), ["run 1", "run 2 (trial 1/3)"]);
  assert.equal(d.dirty, true);
  assert.deepEqual((d.metadata.mlm_notebook as Record<string, unknown>).template, { title: "x" }, "other metadata of ours is kept");
  assert.deepEqual(notebookRuns(d.metadata)[0].cells, cells);
});

test("hide, announce again, delete; an unknown run says so", () => {
  let d = withRun(withRun(doc(), record("r1", 1e-3), []), record("r2", 1e-2), []);
  d = withRunChange(d, "r1", { kind: "hide", hidden: true });
  d = withRun(d, { ...record("r1", 1e-3), status: "interrupted" }, []);
  const [first] = notebookRuns(d.metadata);
  assert.deepEqual([first.name, first.hidden, first.status], ["run 1", true, "interrupted"]);
  d = withRunChange(d, "r1", { kind: "delete" });
  assert.deepEqual(notebookRuns(d.metadata).map((r) => r.id), ["r2"]);
  assert.equal(notebookRuns(withRun(d, record("r3", 1), []).metadata)[1].name, "run 3", "numbers go on after the highest kept");
  assert.throws(() => withRunChange(d, "r1", { kind: "delete" }), /No run r1 in this notebook/);
});

test("the runs are plain notebook metadata in the .ipynb and read back whole", () => {
  const d = withRun(doc(), record("r1", 1e-3), cellsOfRun(doc(), "c"));
  const file = JSON.parse(serializeIpynb(d)) as { metadata: { mlm_notebook: { runs: unknown[] } } };
  assert.equal(file.metadata.mlm_notebook.runs.length, 1);
  assert.deepEqual(notebookRuns(parseIpynb(serializeIpynb(d), null).metadata), notebookRuns(d.metadata));
});
