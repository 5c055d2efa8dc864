// The training chart's y axis (ticks.ts): labels that never repeat (a loss flat near 10.86 once
// printed "10.86" at the top and the bottom), a log scale that falls back to linear when a value is
// not positive; and what the runs legend and table say differs between runs (runs.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunRecord } from "../../src/api/index";
import { differingKeys, runLabel } from "../../src/renderer/src/views/training/runs";
import { distinctLabels, yAxisScale } from "../../src/renderer/src/views/training/ticks";

function checkAxis(values: number[], log: boolean): string[] {
  const axis = yAxisScale(values, log);
  const labels = axis.ticks.map(axis.label);
  assert.equal(new Set(labels).size, labels.length, `labels repeat: ${labels.join(" | ")}`);
  assert.ok(axis.ticks.length >= 2 && axis.ticks.length <= 10, `${axis.ticks.length} ticks`);
  assert.deepEqual([...axis.ticks].sort((a, b) => a - b), axis.ticks, "ticks ascend");
  for (const t of axis.ticks) assert.ok(t >= axis.domain[0] - 1e-12 && t <= axis.domain[1] + 1e-12, `tick ${t} outside ${axis.domain}`);
  for (const v of values) assert.ok(v >= axis.domain[0] && v <= axis.domain[1], `value ${v} outside ${axis.domain}`);
  return labels;
}

test("a loss that barely moves near 10.86 gets distinct top and bottom labels", () => {
  const labels = checkAxis([10.8612, 10.8634, 10.8587, 10.8601], false);
  assert.notEqual(labels[0], labels.at(-1));
  assert.ok(labels.every((l) => /^10\.8\d+$/.test(l)), labels.join(" | "));
});

test("a falling loss reads in round numbers; a flat one still has an axis around it", () => {
  assert.deepEqual(checkAxis([10.86, 7.2, 4.4, 2.1], false), ["2", "4", "6", "8", "10", "12"]);
  const flat = yAxisScale([3.5, 3.5], false);
  assert.ok(flat.domain[0] < 3.5 && flat.domain[1] > 3.5);
});

test("learning rates print as 2e-5, not 0.00002, and stay distinct", () => {
  const labels = checkAxis([0, 1e-5, 2e-5], false);
  assert.ok(labels.includes("2e-5") && labels.includes("1e-5"), labels.join(" | "));
});

test("log scale: powers of ten over several decades, plain ticks within one; linear again when a value is ≤ 0", () => {
  const axis = yAxisScale([60, 8, 0.9, 0.05], true);
  assert.equal(axis.log, true);
  assert.deepEqual(axis.ticks.map(axis.label), ["0.1", "1", "10"]);
  checkAxis([60, 8, 0.9, 0.05], true);
  assert.deepEqual(checkAxis([10.86, 2.1], true), ["3", "4", "5", "6", "7", "8", "9", "10"]);
  assert.equal(yAxisScale([1, 0, 2], true).log, false);
});

test("distinctLabels adds digits only where neighbours would read alike", () => {
  assert.deepEqual([10.855, 10.86, 10.865].map(distinctLabels([10.855, 10.86, 10.865])), ["10.855", "10.86", "10.865"]);
  assert.deepEqual([1, 2, 3].map(distinctLabels([1, 2, 3])), ["1", "2", "3"]);
});

const run = (id: string, name: string, args: Record<string, unknown>, values: Record<string, unknown> = {}): RunRecord => ({
  id, name, startedAt: 0, endedAt: 1, status: "finished", args, values, metrics: {}, trial: null, cells: [],
  curves: { loss: [], eval_loss: [], learning_rate: [], grad_norm: [] },
});

test("what differs between runs: the learning rate and block size, not the output folder or what is equal", () => {
  const a = run("a", "run 1", { learningRate: 1e-3, numTrainEpochs: 2, outputDir: "out/1" }, { blockSize: 64, trainRows: 16 });
  const b = run("b", "run 2", { learningRate: 1e-2, numTrainEpochs: 2, outputDir: "out/2" }, { blockSize: 128, trainRows: 16 });
  assert.deepEqual(differingKeys([a, b]), ["learningRate", "blockSize"]);
  assert.deepEqual(differingKeys([a]), []);
  assert.equal(runLabel(b, differingKeys([a, b])), "run 2 · learningRate 0.01 · blockSize 128");
  assert.equal(runLabel(a, ["learningRate"]), "run 1 · learningRate 0.001");
});
