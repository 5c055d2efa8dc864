// Our Trainer against transformers' own Trainer, live: 3 steps on one fixed batch of the tiny
// RoBERTa (dropout 0) with the same TrainingArguments — AdamW with HF's no-decay groups, the linear
// schedule, clipping below the first gradient norm — give the same log history (loss, grad_norm,
// learning_rate, epoch, step) and the same parameters afterwards.
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
import type { LogEntry } from "../../src/engine/training/state";
import { Trainer } from "../../src/engine/training/trainer";
import { Rows } from "../training/tiny-lm";
import { REFERENCE_SCRIPTS, referenceSkip, runReference } from "./python";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

// The model and batch of scripts/reference/trainer_parity.py (its dropout already 0).
const FIXTURE = join(import.meta.dirname, "../fixtures/trainer-parity");
// lr is large so 3 steps move every parameter well past float32 noise; max_grad_norm is below the
// first gradient norm so clipping scales; adam_epsilon 1e-5: see trainer_parity.py (the key biases).
const ARGS = { learning_rate: 1e-2, weight_decay: 0.1, adam_beta1: 0.9, adam_beta2: 0.999, adam_epsilon: 1e-5, max_grad_norm: 1.0, lr_scheduler_type: "linear", warmup_steps: 0, max_steps: 3 } as const;

before(async () => {
  await ready();
});

test("3 steps of our Trainer equal 3 steps of transformers' Trainer: log history and parameters (transformers)", { skip: referenceSkip }, async (t) => {
  const rows = JSON.parse(readFileSync(join(FIXTURE, "batch.json"), "utf8")) as Record<string, number[]>[];
  const work = await mkdtemp(join(tmpdir(), "trainer-steps-"));
  try {
    runReference([join(REFERENCE_SCRIPTS, "transformers_trainer_steps.py"), join(FIXTURE, "model"), join(work, "theirs")], { input: JSON.stringify({ args: ARGS, rows }) });
    const theirs = JSON.parse(readFileSync(join(work, "theirs", "log_history.json"), "utf8")) as LogEntry[];

    const model = await AutoModelForMaskedLM.fromPretrained(join(FIXTURE, "model"));
    const args = new TrainingArguments({
      outputDir: join(work, "ours"),
      learningRate: ARGS.learning_rate,
      weightDecay: ARGS.weight_decay,
      adamBeta1: ARGS.adam_beta1,
      adamBeta2: ARGS.adam_beta2,
      adamEpsilon: ARGS.adam_epsilon,
      maxGradNorm: ARGS.max_grad_norm,
      lrSchedulerType: ARGS.lr_scheduler_type,
      warmupSteps: ARGS.warmup_steps,
      maxSteps: ARGS.max_steps,
      perDeviceTrainBatchSize: rows.length,
      loggingSteps: 1,
      saveStrategy: "no",
    });
    const trainer = new Trainer({ model, args, trainDataset: new Rows(rows) });
    await trainer.train();
    const steps = (entries: LogEntry[]): LogEntry[] => entries.filter((e) => "grad_norm" in e);
    const [ours, ref] = [steps(trainer.state.logHistory), steps(theirs)];
    assert.equal(ours.length, 3);
    assert.equal(ref.length, 3);
    assert.ok((ref[0].grad_norm as number) > ARGS.max_grad_norm, "clipping engaged in the reference");
    ours.forEach((o, i) => {
      const r = ref[i];
      assert.deepEqual([o.step, o.epoch], [r.step, r.epoch], `step ${i + 1}: step and epoch`);
      assert.ok(Math.abs((o.loss as number) - (r.loss as number)) < 1e-5, `step ${i + 1}: loss ${o.loss} vs transformers' ${r.loss}`);
      assert.ok(Math.abs((o.grad_norm as number) - (r.grad_norm as number)) < 1e-4, `step ${i + 1}: grad norm ${o.grad_norm} vs ${r.grad_norm}`);
      assert.ok(Math.abs((o.learning_rate as number) - (r.learning_rate as number)) < 1e-12, `step ${i + 1}: rate ${o.learning_rate} vs ${r.learning_rate}`);
    });

    const after = (await readSafetensors(join(work, "theirs", "model.safetensors"))).tensors;
    let worst = { name: "", diff: 0 };
    for (const [name, param] of model.namedParameters()) {
      const entry = after.get(name);
      assert.ok(entry, `transformers saved no ${name}`);
      const want = toFloat32(entry, name);
      const got = (await param.data()) as Float32Array;
      let diff = 0;
      for (let i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(got[i] - want[i]));
      // Attention key biases have a true gradient of 0 (softmax ignores a shift shared by a query's
      // scores): each side moves them by its own rounding noise over √v + ε, so they get a looser bound.
      const bound = name.endsWith("attention.self.key.bias") ? 5e-5 : 1e-5;
      if (bound === 1e-5 && diff > worst.diff) worst = { name, diff };
      assert.ok(diff < bound, `${name}: differs from transformers' Trainer by ${diff}`);
    }
    t.diagnostic(`largest parameter difference from transformers' Trainer: ${worst.diff.toExponential(2)} in ${worst.name}`);
    model.dispose();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
