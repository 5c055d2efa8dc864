// AdamW + linear warmup schedule + global-norm clipping against torch (fixture written by
// scripts/reference/trainer_adamw.py): same loss, gradient norm, rate and parameters each step.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { AdamW, isNoDecayParameter } from "../../src/engine/training/adamw";
import { clipCoefficient, clipGradNorm, globalNorm } from "../../src/engine/training/clip";
import { LambdaLR, scheduleLambda } from "../../src/engine/training/schedules";

interface Fixture {
  config: { steps: number; lr: number; weight_decay: number; max_grad_norm: number; warmup_steps: number; betas: [number, number]; eps: number; layer_norm_eps: number };
  shapes: Record<string, number[]>;
  initial: Record<string, number[]>;
  x: number[][];
  y: number[][];
  steps: { loss: number; grad_norm: number; lr: number; params: Record<string, number[]> }[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/trainer-adamw/reference.json", import.meta.url), "utf8")) as Fixture;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

test("HF's no-decay exclusions: biases and LayerNorm weights", () => {
  const names = ["roberta.embeddings.word_embeddings.weight", "roberta.embeddings.LayerNorm.weight", "roberta.embeddings.LayerNorm.bias", "roberta.encoder.layer.0.attention.self.query.bias", "lm_head.layer_norm.weight", "lm_head.bias", "lm_head.dense.weight"];
  assert.deepEqual(names.filter(isNoDecayParameter), names.slice(1, 6));
});

// The Trainer folds clipping's coefficient into the update; clipGradNorm scales the gradients first, as torch.
for (const clipping of ["clipGradNorm, then the step", "the coefficient folded into the step (the Trainer's way)"]) {
  test(`AdamW + linear warmup + clipping match torch.optim.AdamW, LambdaLR and clip_grad_norm_ step for step (${clipping})`, async () => {
    await tf.setBackend("cpu");
    const c = fixture.config;
    const params = new Map(Object.entries(fixture.initial).map(([k, v]) => [k, tf.variable(tf.tensor(v, fixture.shapes[k]), true, k)]));
    const x = tf.tensor2d(fixture.x);
    const y = tf.tensor2d(fixture.y);
    const p = (name: string): tf.Variable => params.get(name)!;
    const lossFn = (): tf.Scalar =>
      tf.tidy(() => {
        const h = tf.tanh(x.matMul(p("dense.weight"), false, true).add(p("dense.bias")));
        const { mean, variance } = tf.moments(h, -1, true);
        const normed = h.sub(mean).div(variance.add(c.layer_norm_eps).sqrt()).mul(p("LayerNorm.weight")).add(p("LayerNorm.bias"));
        return normed.matMul(p("decoder.weight"), false, true).sub(y).square().mean() as tf.Scalar;
      });
    const opt = new AdamW(params, { betas: c.betas, eps: c.eps, weightDecay: c.weight_decay, noDecay: isNoDecayParameter });
    const sched = new LambdaLR(c.lr, scheduleLambda("linear", c.warmup_steps, c.steps));
    const byVar = new Map([...params].map(([k, v]) => [v.name, k]));
    for (const [i, ref] of fixture.steps.entries()) {
      const lr = sched.lastLr;
      const { value, grads } = tf.variableGrads(lossFn, [...params.values()]);
      const loss = (await value.data())[0];
      value.dispose();
      const named = new Map(Object.entries(grads).map(([k, g]) => [byVar.get(k)!, g]));
      const folded = clipping.startsWith("the coefficient");
      const norm = folded ? await globalNorm(named) : await clipGradNorm(named, c.max_grad_norm);
      opt.step(named, lr, folded ? clipCoefficient(norm, c.max_grad_norm) : 1);
      named.forEach((g) => g.dispose());
      sched.step();
      assert.ok(Math.abs(lr - ref.lr) < 1e-12, `step ${i + 1}: lr ${lr} vs torch ${ref.lr}`);
      assert.ok(Math.abs(loss - ref.loss) < 1e-5, `step ${i + 1}: loss ${loss} vs torch ${ref.loss}`);
      assert.ok(Math.abs(norm - ref.grad_norm) < 1e-5, `step ${i + 1}: grad norm ${norm} vs torch ${ref.grad_norm}`);
      for (const [name, v] of params) {
        const diff = maxAbsDiff(await v.data(), ref.params[name]);
        assert.ok(diff < 1e-5, `step ${i + 1}: ${name} differs from torch by ${diff}`);
      }
    }
    // The first step runs at rate 0 (warmup), so the parameters must have moved only from step 2 on.
    assert.ok(maxAbsDiff(fixture.steps[0].params["dense.weight"], fixture.initial["dense.weight"]) === 0);
    assert.ok(maxAbsDiff(fixture.steps.at(-1)!.params["dense.weight"], fixture.initial["dense.weight"]) > 1e-3);
    opt.dispose();
    params.forEach((v) => v.dispose());
    x.dispose();
    y.dispose();
  });
}

test("AdamW keeps the tensor count constant across steps", async () => {
  await tf.setBackend("cpu");
  const params = new Map([["w", tf.variable(tf.ones([3, 3]), true, "leak-w")], ["w.bias", tf.variable(tf.zeros([3]), true, "leak-b")]]);
  const opt = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter });
  const counts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const grads = new Map([["w", tf.fill([3, 3], 0.5)], ["w.bias", tf.fill([3], -0.5)]]);
    await clipGradNorm(grads, 1);
    opt.step(grads, 0.1);
    grads.forEach((g) => g.dispose());
    counts.push(tf.memory().numTensors);
  }
  assert.deepEqual(new Set(counts.slice(1)).size, 1, `tensor counts ${counts}`);
  opt.dispose();
  params.forEach((v) => v.dispose());
});

for (const backend of ["cpu", "wasm"]) {
  test(`AdamW updates in place on ${backend} (backend/fused-adamw.ts), as its tf-ops path does`, async () => {
    const { setBackend } = await import("../../src/engine/backend/index");
    await setBackend(backend);
    const own = (t: tf.Tensor): tf.Variable => {
      const v = tf.variable(t, true);
      t.dispose();
      return v;
    };
    const make = (): Map<string, tf.Variable> =>
      new Map([
        ["dense.weight", own(tf.randomNormal([5, 7], 0, 0.5, "float32", 3))],
        ["dense.bias", own(tf.randomNormal([5], 0, 0.5, "float32", 4))],
      ]);
    const fusedParams = make();
    const opsParams = make();
    const options = { betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter };
    const fused = new AdamW(fusedParams, options);
    const ops = new AdamW(opsParams, { ...options, fused: false });
    const ids = [...fusedParams.values()].map((v) => v.dataId);
    for (let s = 0; s < 3; s++) {
      const grads = new Map([...fusedParams].map(([n, v], i) => [n, tf.randomNormal(v.shape, 0, 0.1 * (s + 1), "float32", 10 * s + i + 1)]));
      fused.step(grads, 1e-2);
      ops.step(grads, 1e-2);
      grads.forEach((g) => g.dispose());
    }
    assert.deepEqual([...fusedParams.values()].map((v) => v.dataId), ids, "the parameters kept their buffers: updated in place");
    for (const [name, v] of fusedParams) {
      const d = maxAbsDiff(await v.data(), await opsParams.get(name)!.data());
      assert.ok(d < 1e-7, `${name}: fused and tf-ops AdamW differ by ${d}`);
      assert.ok(maxAbsDiff(await v.data(), await own(tf.randomNormal(v.shape, 0, 0.5, "float32", name.endsWith("bias") ? 4 : 3)).data()) > 1e-3, "the update moved it");
    }
    const [a, b] = [await fused.stateTensors(), await ops.stateTensors()];
    for (const [key, t] of a) assert.ok(maxAbsDiff(t.data, b.get(key)!.data) < 1e-9, `${key} differs`);
    fused.dispose();
    ops.dispose();
    [...fusedParams.values(), ...opsParams.values()].forEach((v) => v.dispose());
  });
}
