// The training view's HTML chart (for viewers outside the app): its y axis labels the top and the
// bottom of the curve, and a flat curve (one value) gets that value once, not twice in one place.
import assert from "node:assert/strict";
import { test } from "node:test";
import { trainingHtml } from "../../src/engine/training/view-html";
import type { TrainingView } from "../../src/engine/training/view";

function view(losses: number[]): TrainingView {
  return {
    runId: "r", status: "finished", message: null, globalStep: losses.length, maxSteps: losses.length, epoch: 1, numTrainEpochs: 1,
    logHistory: [], evalResults: [], lastStepLoss: null, tokensPerSecond: null, etaMs: null, elapsedMs: 1,
    stepHistory: losses.map((loss, i) => ({ step: i + 1, loss, learning_rate: 1e-4 })),
    backend: { backend: "cpu", tfBackend: "cpu", reason: "forced" } as TrainingView["backend"], adapter: null, outputDir: "out", lastCheckpoint: null,
  };
}

const yLabels = (html: string): string[] => [...html.matchAll(/<text [^>]*text-anchor="end"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((l) => !l.startsWith("step"));

test("the y axis names the curve's top and bottom; a flat curve's one value is printed once", () => {
  assert.deepEqual(yLabels(trainingHtml(view([10.86, 9.5, 8.25]), "s")), ["10.86", "8.25"]);
  assert.deepEqual(yLabels(trainingHtml(view([10.86]), "s")), ["10.86"]);
  assert.deepEqual(yLabels(trainingHtml(view([10.8601, 10.8603]), "s")), ["10.86"]);
});
