// Optimizer parity with PyTorch on the tiny RoBERTa: 3 Trainer steps on one fixed batch equal
// 3 steps of torch.optim.AdamW + linear LambdaLR + clip_grad_norm_ with HF's no-decay groups
// (fixture written by scripts/reference/trainer_parity.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { readSafetensors, toFloat32 } from "../../src/engine/models/safetensors";
import { TrainingArguments } from "../../src/engine/training/arguments";
import { Trainer } from "../../src/engine/training/trainer";
import { Rows } from "./tiny-lm";

const FIXTURE = join(import.meta.dirname, "../fixtures/trainer-parity");

interface Expected {
  args: { learning_rate: number; weight_decay: number; adam_beta1: number; adam_beta2: number; adam_epsilon: number; max_grad_norm: number; lr_scheduler_type: "linear"; warmup_steps: number; max_steps: number };
  no_decay: string[];
  steps: { loss: number; grad_norm: number; learning_rate: number }[];
}

before(async () => {
  await ready();
});

test("3 Trainer steps on a fixed batch equal torch's AdamW + linear LambdaLR + clipping (parameters within 1e-5)", async (t) => {
  const expected = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as Expected;
  const rows = JSON.parse(readFileSync(join(FIXTURE, "batch.json"), "utf8")) as Record<string, number[]>[];
  const model = await AutoModelForMaskedLM.fromPretrained(join(FIXTURE, "model"));
  const outputDir = await mkdtemp(join(tmpdir(), "trainer-parity-"));
  const e = expected.args;
  const args = new TrainingArguments({
    outputDir,
    learningRate: e.learning_rate,
    weightDecay: e.weight_decay,
    adamBeta1: e.adam_beta1,
    adamBeta2: e.adam_beta2,
    adamEpsilon: e.adam_epsilon,
    maxGradNorm: e.max_grad_norm,
    lrSchedulerType: e.lr_scheduler_type,
    warmupSteps: e.warmup_steps,
    maxSteps: e.max_steps,
    perDeviceTrainBatchSize: rows.length,
    loggingSteps: 1,
    saveStrategy: "no",
  });
  const seen: { loss: number; gradNorm: number; learningRate: number }[] = [];
  const trainer = new Trainer({ model, args, trainDataset: new Rows(rows), callbacks: [{ onStepEnd: (s) => seen.push(s) }] });
  try {
    await trainer.train();
    assert.equal(seen.length, 3);
    seen.forEach((s, i) => {
      const ref = expected.steps[i];
      assert.ok(Math.abs(s.loss - ref.loss) < 1e-5, `step ${i + 1}: loss ${s.loss} vs torch ${ref.loss}`);
      assert.ok(Math.abs(s.gradNorm - ref.grad_norm) < 1e-4, `step ${i + 1}: grad norm ${s.gradNorm} vs torch ${ref.grad_norm}`);
      assert.ok(Math.abs(s.learningRate - ref.learning_rate) < 1e-12, `step ${i + 1}: rate ${s.learningRate} vs torch ${ref.learning_rate}`);
    });
    assert.ok(expected.steps[0].grad_norm > e.max_grad_norm, "clipping engaged in the reference");
    const after = await readSafetensors(join(FIXTURE, "after-3-steps.safetensors"));
    const start = await readSafetensors(join(FIXTURE, "model", "model.safetensors"));
    let worst = { name: "", diff: 0 };
    for (const [name, param] of model.namedParameters()) {
      const ref = toFloat32(after.tensors.get(name)!, name);
      const initial = toFloat32(start.tensors.get(name)!, name);
      const ours = (await param.data()) as Float32Array;
      let diff = 0;
      let moved = 0;
      for (let i = 0; i < ref.length; i++) {
        diff = Math.max(diff, Math.abs(ours[i] - ref[i]));
        moved = Math.max(moved, Math.abs(ref[i] - initial[i]));
      }
      if (diff > worst.diff) worst = { name, diff };
      // A parameter torch did not move (a padding row's gradient is 0, but decay still acts) must not move here either.
      assert.ok(diff < 1e-5, `${name}: differs from torch by ${diff} (torch moved it by ${moved})`);
    }
    assert.equal(model.namedParameters().size, after.tensors.size, "every parameter of the file was compared");
    t.diagnostic(`largest difference from torch: ${worst.diff.toExponential(2)} in ${worst.name}`);
  } finally {
    model.dispose();
    await rm(outputDir, { recursive: true, force: true });
  }
});
