// The Trainer's loop on a small real model: loss falls, eval each epoch, repeatable, resume
// after an interrupt equals an uninterrupted run, checkpoints as HF lays them out,
// accumulation, divergence and out-of-memory stop cleanly, live view and progress.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { clearRecordedCalls, InterruptedError, recordedCalls, setAbortSignal, setDisplaySink, setProgressSink, type MimeBundle, type ProgressReport } from "../../src/engine/runtime/index";
import { TrainingArguments, type TrainingArgumentsInit } from "../../src/engine/training/arguments";
import { TrainingDivergedError, TrainingOutOfMemoryError } from "../../src/engine/training/errors";
import { Trainer } from "../../src/engine/training/trainer";
import { EVALUATION_MIME, TRAINING_MIME, type TrainingView } from "../../src/engine/training/view";
import { patternRows, Rows, TinyMaskedLM, type TinyConfig } from "./tiny-lm";

const CONFIG: TinyConfig = { vocabSize: 32, hidden: 16, dropout: 0.1 };
const train = new Rows(patternRows(40, 8, CONFIG.vocabSize, 1));
const evalRows = new Rows(patternRows(12, 8, CONFIG.vocabSize, 2));
let root = "";

before(async () => {
  await tf.setBackend("cpu");
  root = await mkdtemp(join(tmpdir(), "trainer-loop-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

let runs = 0;
function args(extra: TrainingArgumentsInit = {}): TrainingArguments {
  return new TrainingArguments({ outputDir: join(root, `run-${++runs}`), perDeviceTrainBatchSize: 4, perDeviceEvalBatchSize: 4, learningRate: 3e-2, numTrainEpochs: 3, loggingSteps: 1, saveStrategy: "no", ...extra });
}

async function stepLosses(trainer: Trainer): Promise<number[]> {
  const losses: number[] = [];
  trainer.callbacks.push({ onStepEnd: (e) => losses.push(e.loss) });
  await trainer.train();
  return losses;
}

test("loss falls, eval loss is logged each epoch, perplexity = exp(eval_loss), same seed gives the same losses", async () => {
  const run = async (): Promise<{ losses: number[]; trainer: Trainer; model: TinyMaskedLM }> => {
    const model = new TinyMaskedLM(CONFIG, 7);
    const trainer = new Trainer({ model, args: args({ evalStrategy: "epoch", weightDecay: 0.01 }), trainDataset: train, evalDataset: evalRows });
    return { losses: await stepLosses(trainer), trainer, model };
  };
  const a = await run();
  const b = await run();
  assert.equal(a.losses.length, 30); // 40 rows / 4 = 10 steps × 3 epochs
  assert.deepEqual(a.losses, b.losses);
  const first = a.losses.slice(0, 5).reduce((x, y) => x + y) / 5;
  const last = a.losses.slice(-5).reduce((x, y) => x + y) / 5;
  assert.ok(last < first * 0.8, `loss should fall: first 5 steps ${first}, last 5 ${last}`);
  const evals = a.trainer.state.logHistory.filter((e) => "eval_loss" in e);
  assert.deepEqual(evals.map((e) => [e.epoch, e.step]), [[1, 10], [2, 20], [3, 30]]);
  assert.ok(evals[2].eval_loss < evals[0].eval_loss, "eval loss should fall across epochs");
  const logged = a.trainer.state.logHistory.filter((e) => "loss" in e);
  assert.equal(logged.length, 30);
  assert.deepEqual(Object.keys(logged[0]), ["loss", "grad_norm", "learning_rate", "epoch", "step"]);
  // As transformers 5 logs them: the loss unrounded, the rate the step used (4.x: the next step's).
  assert.equal(logged[0].loss, a.losses[0]);
  assert.ok(Math.abs(logged[0].learning_rate - 3e-2) < 1e-12, "linear decay: the rate logged at step 1 is the one step 1 used");
  assert.ok(Math.abs(logged[1].learning_rate - 3e-2 * (29 / 30)) < 1e-12, "and at step 2 the decayed one");
  const r = await a.trainer.evaluate();
  assert.ok(Math.abs(r.perplexity - Math.exp(r.eval_loss)) < 1e-9);
  assert.ok(r.eval_runtime > 0 && r.eval_samples_per_second > 0);
  // Same weights, same rows: a second evaluation gives the very same loss, and it is the loss of a
  // plain forward pass with dropout off. Dropout left on in evaluation breaks both.
  assert.equal(r.eval_loss, evals[2].eval_loss, "a second evaluation of the same weights gives the same loss");
  const plain = await dropoutFreeLoss(a.model, evalRows, 4);
  assert.ok(Math.abs(r.eval_loss - plain) < 1e-6, `eval_loss ${r.eval_loss} vs the dropout-free forward's ${plain}`);
  a.model.dispose();
  b.model.dispose();
});

/** The mean loss over `rows` in batches of `batchSize` (weighted by their size, as HF's evaluate), dropout off. */
async function dropoutFreeLoss(model: TinyMaskedLM, rows: Rows, batchSize: number): Promise<number> {
  let weighted = 0;
  for (let start = 0; start < rows.numRows; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, rows.numRows - start) }, (_, i) => rows.row(start + i));
    const loss = tf.tidy(() => {
      const column = (key: string) => tf.tensor2d(batch.map((r) => Array.from(r[key] as ArrayLike<number>)), undefined, "int32");
      return model.forward({ input_ids: column("input_ids"), attention_mask: column("attention_mask"), labels: column("labels") }, { training: false }).loss!;
    });
    weighted += (await loss.data())[0] * batch.length;
    loss.dispose();
  }
  return weighted / rows.numRows;
}

test("interrupted at step k and resumed from the checkpoint, the losses from step k on equal an uninterrupted run's", async () => {
  const full = new TinyMaskedLM(CONFIG, 11);
  const fullLosses = await stepLosses(new Trainer({ model: full, args: args({ evalStrategy: "epoch" }), trainDataset: train, evalDataset: evalRows }));
  const fullWeights = await full.snapshot();

  const k = 13; // mid-epoch, after one eval
  const a = args({ evalStrategy: "epoch", saveTotalLimit: 2 });
  const first = new TinyMaskedLM(CONFIG, 11);
  const controller = new AbortController();
  setAbortSignal(controller.signal);
  const trainer = new Trainer({ model: first, args: a, trainDataset: train, evalDataset: evalRows, callbacks: [{ onStepEnd: (e) => { if (e.state.globalStep === k) controller.abort(); } }] });
  const before = await stepLosses(trainer).then(
    () => assert.fail("training should have been interrupted"),
    (error: unknown) => error,
  );
  setAbortSignal(null);
  assert.ok(before instanceof InterruptedError, String(before));
  assert.match((before as Error).message, /after step 13 of 30.*checkpoint-13.*resumeFromCheckpoint/s);
  assert.equal(trainer.state.globalStep, k);
  assert.equal(trainer.view().status, "interrupted");
  assert.ok(existsSync(join(a.outputDir, "checkpoint-13", "trainer_state.json")));

  // A fresh model (other weights) in a fresh Trainer: everything comes from the checkpoint.
  const resumed = new TinyMaskedLM(CONFIG, 999);
  const t2 = new Trainer({ model: resumed, args: a, trainDataset: train, evalDataset: evalRows });
  const after = await stepLosses2(t2, true);
  assert.equal(after.length, 30 - k);
  for (let i = 0; i < after.length; i++) assert.equal(after[i], fullLosses[k + i], `step ${k + i + 1}: resumed ${after[i]} vs uninterrupted ${fullLosses[k + i]}`);
  const w = await resumed.snapshot();
  for (const [name, values] of Object.entries(fullWeights)) assert.deepEqual(w[name], values, `${name} after resume`);
  const evalSteps = t2.state.logHistory.filter((e) => "eval_loss" in e).map((e) => e.step);
  assert.deepEqual(evalSteps, [10, 20, 30], "the log history carries over from the checkpoint");
  full.dispose();
  first.dispose();
  resumed.dispose();
});

async function stepLosses2(trainer: Trainer, resume: boolean): Promise<number[]> {
  const losses: number[] = [];
  trainer.callbacks.push({ onStepEnd: (e) => losses.push(e.loss) });
  await trainer.train({ resumeFromCheckpoint: resume });
  return losses;
}

test("checkpoints: HF's layout and trainer_state.json, saveTotalLimit keeps the newest", async () => {
  const model = new TinyMaskedLM(CONFIG, 3);
  const a = args({ saveStrategy: "steps", saveSteps: 4, saveTotalLimit: 2, numTrainEpochs: 1, loggingSteps: 5 });
  const trainer = new Trainer({ model, args: a, trainDataset: train });
  await trainer.train();
  assert.deepEqual(readdirSync(a.outputDir).sort(), ["checkpoint-10", "checkpoint-8"]);
  const dir = join(a.outputDir, "checkpoint-10");
  assert.deepEqual(readdirSync(dir).sort(), ["config.json", "model.safetensors", "optimizer.safetensors", "rng_state.json", "scheduler.json", "trainer_state.json", "training_args.json"]);
  const state = JSON.parse(readFileSync(join(dir, "trainer_state.json"), "utf8"));
  assert.equal(state.global_step, 10);
  assert.equal(state.max_steps, 10);
  assert.equal(state.logging_steps, 5);
  assert.deepEqual(state.log_history.map((e: { step: number }) => e.step), [5, 10]);
  const sched = JSON.parse(readFileSync(join(dir, "scheduler.json"), "utf8"));
  assert.equal(sched.last_epoch, 10);
  const targs = JSON.parse(readFileSync(join(dir, "training_args.json"), "utf8"));
  assert.equal(targs.per_device_train_batch_size, 4);
  assert.equal(targs.save_total_limit, 2);
  model.dispose();
});

test("gradient accumulation: 2 × batch 2 makes the same update as 1 × batch 4", async () => {
  const rows = new Rows(patternRows(4, 8, CONFIG.vocabSize, 5).map((r) => ({ ...r, labels: r.input_ids })));
  const noDrop = { ...CONFIG, dropout: 0 };
  const one = new TinyMaskedLM(noDrop, 21);
  const two = new TinyMaskedLM(noDrop, 21);
  await new Trainer({ model: one, args: args({ maxSteps: 1, perDeviceTrainBatchSize: 4 }), trainDataset: rows }).train();
  await new Trainer({ model: two, args: args({ maxSteps: 1, perDeviceTrainBatchSize: 2, gradientAccumulationSteps: 2 }), trainDataset: rows }).train();
  const a = await one.snapshot();
  const b = await two.snapshot();
  for (const name of Object.keys(a)) {
    const diff = Math.max(...a[name].map((v, i) => Math.abs(v - b[name][i])));
    assert.ok(diff < 1e-5, `${name} differs by ${diff}`);
  }
  one.dispose();
  two.dispose();
});

test("a loss that turns NaN/Inf stops training with the step and the likely cause, weights of the last good step kept", async () => {
  const model = new TinyMaskedLM(CONFIG, 4);
  // Rate 1e30: step 1 moves weights to ~1e30, so step 2's logits overflow and the loss is NaN.
  const trainer = new Trainer({ model, args: args({ learningRate: 1e30, lrSchedulerType: "constant", maxGradNorm: 0 }), trainDataset: train });
  const error = await trainer.train().then(() => assert.fail("training should diverge"), (e: unknown) => e);
  assert.ok(error instanceof TrainingDivergedError, String(error));
  assert.equal(error.step, 2);
  assert.match(error.message, /step 2: the loss became NaN.*learning rate is too high \(it was 1e\+30\)/);
  assert.equal(trainer.state.globalStep, 1);
  assert.equal(trainer.view().status, "failed");
  const now = await model.snapshot();
  for (const [name, values] of Object.entries(now)) assert.ok(values.every(Number.isFinite), `${name} was overwritten by the failed step`);
  model.dispose();
});

test("running out of memory ends the run with what to lower; the model stays usable", async () => {
  const model = new TinyMaskedLM(CONFIG, 8);
  // A real failed allocation: the backend cannot make a tensor this large, as on a too-big batch.
  const hungry = Object.assign(Object.create(model) as TinyMaskedLM, {
    forward: (batch: Parameters<TinyMaskedLM["forward"]>[0], o: Parameters<TinyMaskedLM["forward"]>[1]) => {
      if (batch.input_ids.shape[0] > 2) tf.tidy(() => tf.zeros([batch.input_ids.shape[0], 2 ** 20, 2 ** 20]).sum());
      return model.forward(batch, o);
    },
  });
  const before = await model.snapshot();
  const tensorsBefore = tf.memory().numTensors;
  const error = await new Trainer({ model: hungry, args: args({ perDeviceTrainBatchSize: 4 }), trainDataset: train }).train().then(() => assert.fail("should run out of memory"), (e: unknown) => e);
  assert.ok(error instanceof TrainingOutOfMemoryError, String(error));
  assert.match(error.message, /step 1.*perDeviceTrainBatchSize.*blockSize/s);
  assert.deepEqual(await model.snapshot(), before);
  assert.equal(tf.memory().numTensors, tensorsBefore, "no tensors leaked by the failed step");
  const out = await new Trainer({ model: hungry, args: args({ perDeviceTrainBatchSize: 2, maxSteps: 2 }), trainDataset: train }).train();
  assert.equal(out.global_step, 2, "a smaller batch trains on the same model");
  model.dispose();
});

test("live view, progress, records and a constant tensor count across steps", async () => {
  const bundles: { bundle: MimeBundle; displayId?: string }[] = [];
  const reports: ProgressReport[] = [];
  setDisplaySink((bundle, o) => bundles.push({ bundle, displayId: o.displayId }));
  setProgressSink((r) => reports.push(r));
  clearRecordedCalls();
  const model = new TinyMaskedLM(CONFIG, 9);
  const counts: number[] = [];
  const logged: { tokensPerSecond: number | null; etaMs: number | null; loss?: number }[] = [];
  const trainer = new Trainer({
    model,
    args: args({ evalStrategy: "epoch", numTrainEpochs: 2 }),
    trainDataset: train,
    evalDataset: evalRows,
    callbacks: [{ onStepEnd: () => counts.push(tf.memory().numTensors), onLog: (e) => logged.push({ tokensPerSecond: e.tokensPerSecond, etaMs: e.etaMs, loss: e.logs.loss }) }],
  });
  await trainer.train();
  setDisplaySink(null);
  setProgressSink(null);
  const views = bundles.filter((b) => TRAINING_MIME in b.bundle);
  assert.ok(views.length >= 3);
  assert.ok(views.every((v) => v.displayId === trainer.displayId));
  const final = views.at(-1)!.bundle[TRAINING_MIME] as TrainingView;
  assert.equal(final.status, "finished");
  assert.equal(final.globalStep, 20);
  assert.equal(final.backend.backend, tf.getBackend(), "the view names the backend it ran on");
  assert.equal(final.adapter, null, "no GPU adapter off webgpu");
  const text = String(views.at(-1)!.bundle["text/plain"]);
  assert.match(text, new RegExp(`^Training finished: step 20/20.*\\non ${tf.getBackend()}`, "s"), text);
  assert.equal(final.lastStepLoss, trainer.state.logHistory.filter((e) => "loss" in e).at(-1)!.loss, "loggingSteps 1: the last logged loss is the last step's");
  assert.equal(final.evalResults.length, 2);
  assert.ok(Math.abs(final.evalResults[0].perplexity - Math.exp(final.evalResults[0].eval_loss)) < 1e-9);
  assert.ok(final.logHistory.at(-1)!.total_flos > 0, "the summary entry carries HF's FLOP estimate");
  const stepLogs = logged.filter((l) => l.loss !== undefined);
  assert.equal(stepLogs.length, 20, "one log event per logged step");
  assert.ok(stepLogs.every((l) => l.tokensPerSecond! > 0 && l.etaMs! >= 0), "each logged step carries tokens/s and an ETA");
  assert.equal(stepLogs.at(-1)!.etaMs, 0);
  const bar = reports.filter((r) => r.label === "Training");
  assert.equal(bar.at(-1)!.done, 20);
  assert.equal(bar.at(-1)!.finished, true);
  assert.ok(reports.some((r) => r.label === "Evaluating"));
  const calls = recordedCalls().map((c) => c.api);
  assert.ok(calls.includes("TrainingArguments") && calls.includes("Trainer.train"));
  const recorded = recordedCalls().find((c) => c.api === "TrainingArguments")!.params;
  assert.equal(recorded.learningRate, 3e-2);
  assert.equal(new Set(counts.slice(2)).size, 1, `tensor counts per step: ${counts}`);
  model.dispose();
});

test("steps strategies: first-step logging, eval and save every N steps, maxSteps mid-epoch saves at the end", async () => {
  const model = new TinyMaskedLM(CONFIG, 12);
  const a = args({ maxSteps: 7, loggingSteps: 3, loggingFirstStep: true, evalStrategy: "steps", evalSteps: 4, saveStrategy: "steps", saveSteps: 5, lrSchedulerType: "cosine", warmupRatio: 0.3 });
  const rates: number[] = [];
  const trainer = new Trainer({ model, args: a, trainDataset: train, evalDataset: evalRows, callbacks: [{ onStepEnd: (e) => rates.push(e.learningRate) }] });
  const out = await trainer.train();
  assert.equal(out.global_step, 7);
  const kinds = trainer.state.logHistory.map((e) => `${"loss" in e ? "loss" : "eval_loss" in e ? "eval" : "summary"}@${e.step}`);
  assert.deepEqual(kinds, ["loss@1", "loss@3", "eval@4", "loss@6", "summary@7"]);
  assert.deepEqual(readdirSync(a.outputDir).sort(), ["checkpoint-5", "checkpoint-7"]);
  // Warmup of ceil(0.3 × 7) = 3 steps, then a half cosine to 0 over the remaining 4.
  const expected = [0, 1, 2, 3, 4, 5, 6].map((k) => (k < 3 ? k / 3 : 0.5 * (1 + Math.cos((Math.PI * (k - 3)) / 4))) * 3e-2);
  rates.forEach((r, i) => assert.ok(Math.abs(r - expected[i]) < 1e-12, `step ${i + 1}: rate ${r} vs ${expected[i]}`));
  assert.ok(Math.abs(trainer.state.epoch - 0.7) < 1e-12, "7 of 10 batches: epoch 0.7");
  model.dispose();
});

test("the Trainer takes plain arguments and says what a model must be", () => {
  const model = new TinyMaskedLM(CONFIG, 1);
  const t = new Trainer({ model, args: { outputDir: join(root, "plain"), learningRate: 2e-5 }, trainDataset: train });
  assert.ok(t.args instanceof TrainingArguments);
  assert.equal(t.args.learningRate, 2e-5);
  assert.throws(() => new Trainer({ model: {} as never, args: t.args }), /`model` must be a masked LM/);
  assert.throws(() => new Trainer({ model, args: { evalStrategy: "epoch" }, trainDataset: train }), /evalStrategy is "epoch" but no evalDataset/);
  model.dispose();
});

test("accumulation with a short last window: it still updates, and the epoch counts micro-batches", async () => {
  const model = new TinyMaskedLM(CONFIG, 13);
  const rows = new Rows(patternRows(10, 8, CONFIG.vocabSize, 6));
  const epochs: number[] = [];
  const trainer = new Trainer({ model, args: args({ numTrainEpochs: 2, perDeviceTrainBatchSize: 4, gradientAccumulationSteps: 2 }), trainDataset: rows, callbacks: [{ onStepEnd: (e) => epochs.push(e.state.epoch) }] });
  const out = await trainer.train();
  // 3 micro-batches per epoch (4, 4, 2) → updates [b0 b1] and [b2].
  assert.equal(out.global_step, 4);
  assert.deepEqual(epochs.map((e) => Math.round(e * 1e6) / 1e6), [0.666667, 1, 1.666667, 2]);
  model.dispose();
});

test("an evaluation before training shows no training view, and a later one is shown against it", async () => {
  const shown: { bundle: MimeBundle; cell: string }[] = [];
  let cell = "evaluate-before";
  setDisplaySink((bundle) => shown.push({ bundle, cell }));
  const model = new TinyMaskedLM(CONFIG, 11);
  const trainer = new Trainer({ model, args: args({ maxSteps: 4 }), trainDataset: train, evalDataset: evalRows });
  const before = await trainer.evaluate();
  cell = "train";
  await trainer.train();
  cell = "evaluate";
  const afterTraining = await trainer.evaluate();
  setDisplaySink(null);
  // The training view opens where train() runs (the tutorial's "Fine-tune" cell), not in the cell that evaluated first.
  assert.deepEqual([...new Set(shown.filter((s) => TRAINING_MIME in s.bundle).map((s) => s.cell))].sort(), ["evaluate", "train"]);
  const evaluations = shown.filter((s) => EVALUATION_MIME in s.bundle).map((s) => s.bundle[EVALUATION_MIME] as { step: number; before: { step: number; perplexity: number } | null });
  assert.deepEqual(evaluations.map((e) => e.step), [0, 4]);
  assert.equal(evaluations[0].before, null);
  assert.deepEqual(evaluations[1].before, { step: 0, eval_loss: before.eval_loss, perplexity: before.perplexity });
  assert.ok(Number.isFinite(afterTraining.perplexity));
  model.dispose();
});
