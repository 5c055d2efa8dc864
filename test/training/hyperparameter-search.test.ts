// Trainer.hyperparameterSearch on a small real model: trials in grid order, seeded random draws,
// the best run chosen by the direction, an interrupt that keeps the finished trials; and each run's
// record as the notebook keeps it (the api's guard accepts it).
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { isRunRecord, RUN_MIME as API_RUN_MIME, type RunRecord } from "../../src/api/index";
import { InterruptedError, setAbortSignal, setDisplaySink } from "../../src/engine/runtime/index";
import { plannedTrials } from "../../src/engine/training/hyperparameter-search";
import { RUN_MIME } from "../../src/api/runs";
import { Trainer } from "../../src/engine/training/trainer";
import { patternRows, Rows, TinyMaskedLM, type TinyConfig } from "./tiny-lm";

const CONFIG: TinyConfig = { vocabSize: 32, hidden: 16, dropout: 0 };
const train = new Rows(patternRows(24, 8, CONFIG.vocabSize, 1));
const evalRows = new Rows(patternRows(8, 8, CONFIG.vocabSize, 2));
let root = "";
let records: RunRecord[] = [];

before(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "hp-search-"));
  setDisplaySink((bundle) => {
    if (RUN_MIME in bundle) records.push(bundle[RUN_MIME] as RunRecord);
  });
});
beforeEach(() => {
  records = [];
});
after(async () => {
  setDisplaySink(null);
  await rm(root, { recursive: true, force: true });
});

let sweeps = 0;
function trainer(extra: { onStep?: (trialStep: number, trials: number) => void } = {}): Trainer {
  let begun = 0;
  return new Trainer({
    modelInit: () => new TinyMaskedLM(CONFIG, 7),
    args: { outputDir: join(root, `sweep-${++sweeps}`), perDeviceTrainBatchSize: 4, perDeviceEvalBatchSize: 4, numTrainEpochs: 2, loggingSteps: 1, saveStrategy: "no", evalStrategy: "epoch" },
    trainDataset: train,
    evalDataset: evalRows,
    callbacks: [{ onTrainBegin: () => void begun++, onStepEnd: (e) => extra.onStep?.(e.state.globalStep, begun) }],
  });
}

test("the engine's run MIME is the api's", () => {
  assert.equal(RUN_MIME, API_RUN_MIME);
});

test("grid: itertools.product order (last key fastest), nTrials takes the first points; ranges need the random backend", () => {
  const space = { learningRate: [1e-3, 1e-2], weightDecay: [0, 0.1] };
  assert.deepEqual(plannedTrials(space, "grid", undefined, 42), [
    { learningRate: 1e-3, weightDecay: 0 },
    { learningRate: 1e-3, weightDecay: 0.1 },
    { learningRate: 1e-2, weightDecay: 0 },
    { learningRate: 1e-2, weightDecay: 0.1 },
  ]);
  assert.equal(plannedTrials(space, "grid", 3, 42).length, 3);
  assert.throws(() => plannedTrials({ learningRate: { low: 1e-5, high: 1e-3 } }, "grid", 2, 42), /range, which a grid cannot walk.*backend: "random"/);
  assert.throws(() => plannedTrials({}, "grid", 2, 42), /hpSpace is empty/);
});

test("random: the same seed draws the same trials, another seed others; values stay in the space", () => {
  const space = { learningRate: { low: 1e-5, high: 1e-2, log: true }, perDeviceTrainBatchSize: [4, 8, 16], warmupSteps: { low: 0, high: 10, int: true } };
  const a = plannedTrials(space, "random", 12, 7);
  assert.deepEqual(plannedTrials(space, "random", 12, 7), a);
  assert.notDeepEqual(plannedTrials(space, "random", 12, 8), a);
  assert.equal(plannedTrials(space, "random", undefined, 7).length, 20, "transformers' default n_trials");
  for (const t of a) {
    assert.ok((t.learningRate as number) >= 1e-5 && (t.learningRate as number) <= 1e-2);
    assert.ok([4, 8, 16].includes(t.perDeviceTrainBatchSize as number));
    assert.ok(Number.isInteger(t.warmupSteps) && (t.warmupSteps as number) >= 0 && (t.warmupSteps as number) <= 10);
  }
  // Log-uniform: about half the draws below the geometric middle (1e-3.5), not almost none.
  const lows = plannedTrials({ learningRate: { low: 1e-5, high: 1e-2, log: true } }, "random", 200, 1).filter((t) => (t.learningRate as number) < 10 ** -3.5).length;
  assert.ok(lows > 60 && lows < 140, `${lows} of 200 below 10^-3.5`);
});

test("a grid sweep runs its trials in order, each a run record; the best run follows the direction", async () => {
  const space = { learningRate: [1e-5, 5e-2] };
  const best = await trainer().hyperparameterSearch({ hpSpace: space, direction: "minimize", backend: "grid" });
  assert.equal(records.length, 2);
  assert.ok(records.every(isRunRecord), "the api's guard accepts the engine's records");
  assert.deepEqual(records.map((r) => r.args.learningRate), [1e-5, 5e-2]);
  assert.deepEqual(records.map((r) => [r.trial?.number, r.trial?.of, r.status]), [[1, 2, "finished"], [2, 2, "finished"]]);
  assert.equal(records[0].values.blockSize, 8);
  assert.equal(records[0].values.trainRows, 24);
  assert.equal(records[0].curves.loss.length, 12, "24 rows / 4 × 2 epochs");
  assert.ok(records[0].args.outputDir !== records[1].args.outputDir, "each trial has its own run-N folder");
  const [slow, fast] = records.map((r) => r.metrics.eval_loss);
  assert.ok(fast < slow, `a rate of 5e-2 should learn more in 12 steps than 1e-5 (${fast} vs ${slow})`);
  assert.deepEqual(best, { runId: records[1].id, objective: fast, hyperparameters: { learningRate: 5e-2 } });

  records = [];
  const worst = await trainer().hyperparameterSearch({ hpSpace: space, direction: "maximize", backend: "grid" });
  assert.equal(worst.runId, records[0].id);
  assert.deepEqual(worst.hyperparameters, { learningRate: 1e-5 });
  assert.equal(worst.objective, records[0].metrics.eval_loss);
});

test("an interrupt in a trial stops the sweep there; the finished trials keep their records", async () => {
  const controller = new AbortController();
  setAbortSignal(controller.signal);
  const t = trainer({ onStep: (step, trials) => { if (trials === 2 && step === 3) controller.abort(); } });
  const error = await t.hyperparameterSearch({ hpSpace: { learningRate: [1e-3, 1e-2, 3e-2] }, backend: "grid" }).then(
    () => assert.fail("the sweep should have been interrupted"),
    (e: unknown) => e,
  );
  setAbortSignal(null);
  assert.ok(error instanceof InterruptedError, String(error));
  assert.match((error as Error).message, /trial 2 of 3; the 1 finished trial\(s\) are kept.*Best so far: \{"learningRate":0.001\}/);
  assert.deepEqual(records.map((r) => [r.trial?.number, r.status, r.args.learningRate]), [[1, "finished", 1e-3], [2, "interrupted", 1e-2]]);
  assert.equal(records[1].metrics.global_step, 3);
  assert.equal(t.args.learningRate, 5e-5, "the Trainer's own arguments are back after the sweep");
});

test("without modelInit the search says how to give one", async () => {
  const t = new Trainer({ model: new TinyMaskedLM(CONFIG, 1), args: { outputDir: join(root, "x"), saveStrategy: "no" }, trainDataset: train });
  await assert.rejects(t.hyperparameterSearch({ hpSpace: { learningRate: [1e-3] } }), /needs a fresh model\. Pass modelInit/);
});
