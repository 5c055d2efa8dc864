// The training view's curves: log-history entries picked by metric, TensorBoard's debiased EMA,
// thinning that keeps spikes, and the CSV export.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { LogEntry } from "../../src/api/index";
import { historyCsv, series, smooth, thin, type Point } from "../../src/renderer/src/views/training/series";

const history: LogEntry[] = [
  { loss: 2.5, learning_rate: 2e-5, epoch: 0.5, step: 10 },
  { eval_loss: 2.2, epoch: 1, step: 20 },
  { loss: 2.0, learning_rate: 1e-5, epoch: 1.5, step: 30 },
  { train_runtime: 12.5, epoch: 2, step: 40 },
];

test("series picks one metric's entries in step order", () => {
  assert.deepEqual(series(history, "loss"), [{ step: 10, value: 2.5 }, { step: 30, value: 2.0 }]);
  assert.deepEqual(series(history, "eval_loss"), [{ step: 20, value: 2.2 }]);
});

test("smoothing is TensorBoard's debiased exponential moving average", () => {
  const points: Point[] = [1, 2, 3].map((value, i) => ({ step: i, value }));
  const out = smooth(points, 0.5).map((p) => Number(p.value.toFixed(4)));
  // By hand: 0.5/0.5 = 1; (0.25 + 1)/0.75; (0.625 + 1.5)/0.875.
  assert.deepEqual(out, [1, 1.6667, 2.4286]);
  assert.deepEqual(smooth(points, 0), points);
});

test("thinning keeps the ends and every bucket's extremes, so a spike survives", () => {
  const points: Point[] = Array.from({ length: 10_000 }, (_, i) => ({ step: i, value: i === 5_123 ? 100 : Math.sin(i / 50) }));
  const out = thin(points, 500);
  assert.ok(out.length <= 502, `${out.length} points`);
  assert.equal(out[0], points[0]);
  assert.equal(out.at(-1), points.at(-1));
  assert.ok(out.some((p) => p.value === 100));
  assert.ok(out.every((p, i) => i === 0 || p.step > out[i - 1].step), "steps stay in order");
  assert.equal(thin(points.slice(0, 10), 500).length, 10);
});

test("the CSV has every metric as a column and blanks where an entry lacks it", () => {
  assert.equal(historyCsv(history), [
    "loss,learning_rate,epoch,step,eval_loss,train_runtime",
    "2.5,0.00002,0.5,10,,",
    ",,1,20,2.2,",
    "2,0.00001,1.5,30,,",
    ",,2,40,,12.5",
    "",
  ].join("\n"));
});
