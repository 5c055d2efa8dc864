import assert from "node:assert/strict";
import { test } from "node:test";
import { StepHistory } from "../../src/engine/training/step-history";

test("every step is kept until the limit, then the stride doubles and the ends stay evenly spread", () => {
  const h = new StepHistory(10);
  for (let step = 1; step <= 10; step++) h.add({ step, loss: 10 - step, learning_rate: 1e-3 });
  assert.deepEqual(h.points().map((p) => p.step), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  h.add({ step: 11, loss: 0, learning_rate: 1e-3 });
  assert.deepEqual(h.points().map((p) => p.step), [2, 4, 6, 8, 10]);
  for (let step = 12; step <= 100; step++) h.add({ step, loss: 0, learning_rate: 1e-3 });
  const steps = h.points().map((p) => p.step);
  assert.ok(steps.length <= 10 && steps.at(-1)! >= 90, JSON.stringify(steps));
  h.clear();
  assert.deepEqual(h.points(), []);
});
