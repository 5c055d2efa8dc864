// TrainingArguments: HF's defaults and names, clear errors for Python-style or bad values,
// and the schedules of transformers.get_scheduler.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { LambdaLR, scheduleLambda, warmupStepsFor } from "../../src/engine/training/schedules";

test("defaults are Hugging Face's", () => {
  const a = new TrainingArguments({ outputDir: "out" });
  assert.equal(a.learningRate, 5e-5);
  assert.equal(a.numTrainEpochs, 3);
  assert.equal(a.maxSteps, -1);
  assert.equal(a.perDeviceTrainBatchSize, 8);
  assert.equal(a.perDeviceEvalBatchSize, 8);
  assert.equal(a.gradientAccumulationSteps, 1);
  assert.equal(a.weightDecay, 0);
  assert.deepEqual([a.adamBeta1, a.adamBeta2, a.adamEpsilon], [0.9, 0.999, 1e-8]);
  assert.equal(a.maxGradNorm, 1);
  assert.equal(a.lrSchedulerType, "linear");
  assert.equal(a.loggingSteps, 500);
  assert.equal(a.saveStrategy, "steps");
  assert.equal(a.saveSteps, 500);
  assert.equal(a.evalStrategy, "no");
  assert.equal(a.seed, 42);
  assert.equal(a.pushToHub, false);
  assert.equal(new TrainingArguments().outputDir, "trainer_output");
});

test("evalStrategy steps without evalSteps follows loggingSteps; snake_case JSON names", () => {
  const a = new TrainingArguments({ outputDir: "o", evalStrategy: "steps", loggingSteps: 50, hubToken: "hf_secret" });
  assert.equal(a.evalSteps, 50);
  const json = a.toJSON();
  assert.equal(json.eval_strategy, "steps");
  assert.equal(json.per_device_train_batch_size, 8);
  assert.equal(json.hub_token, "<hidden>", "the token never lands in a file");
});

test("a Python name or a bad value is refused with the fix", () => {
  assert.throws(() => new TrainingArguments({ learning_rate: 2e-5 } as never), /unknown argument "learning_rate".*Use "learningRate"/);
  assert.throws(() => new TrainingArguments({ evalStrategy: "epochs" as never }), /evalStrategy must be one of "no", "steps", "epoch" \(got "epochs"\)/);
  assert.throws(() => new TrainingArguments({ perDeviceTrainBatchSize: 0 }), /perDeviceTrainBatchSize must be a whole number ≥ 1/);
  assert.throws(() => new TrainingArguments({ lrSchedulerType: "polynomial" as never }), /lrSchedulerType must be one of/);
  assert.throws(() => new TrainingArguments({ warmupRatio: 2 }), /warmupRatio must be in \[0, 1\]/);
});

test("schedules equal get_scheduler's: linear and cosine with warmup, constant ignoring it", () => {
  const linear = scheduleLambda("linear", 2, 10);
  assert.deepEqual([0, 1, 2, 6, 10, 12].map(linear), [0, 0.5, 1, 0.5, 0, 0]);
  const cosine = scheduleLambda("cosine", 2, 10);
  assert.deepEqual([0, 1, 2].map(cosine), [0, 0.5, 1]);
  assert.ok(Math.abs(cosine(6) - 0.5) < 1e-12);
  assert.ok(Math.abs(cosine(10)) < 1e-12);
  assert.deepEqual([0, 5].map(scheduleLambda("constant", 2, 10)), [1, 1]);
  assert.deepEqual([0, 1, 5].map(scheduleLambda("constant_with_warmup", 2, 10)), [0, 0.5, 1]);
  assert.equal(warmupStepsFor(0, 0.1, 95), 10);
  assert.equal(warmupStepsFor(3, 0.1, 95), 3);
  const s = new LambdaLR(2e-5, linear);
  s.step();
  s.step();
  assert.equal(s.lastLr, 2e-5);
  const restored = new LambdaLR(2e-5, linear);
  restored.loadStateDict(s.stateDict());
  assert.equal(restored.lastLr, s.lastLr);
});
