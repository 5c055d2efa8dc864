// gpuAdamWUpdate against the Trainer's AdamW (training/adamw.ts, itself checked against
// torch.optim.AdamW): the same parameters and moments after three steps, with and without decay,
// the last with a clipping coefficient folded in.
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { test } from "node:test";
import { gpuAdamWUpdate, hasGpuAdamW, initWebGpu, releaseWebGpu } from "../../src/engine/backend/webgpu";
import { AdamW } from "../../src/engine/training/adamw";
import { maxAbsDiff, webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();

test("the fused AdamW update equals the Trainer's AdamW step for step", { skip }, async () => {
  await initWebGpu({ allowSoftware: true });
  assert.ok(hasGpuAdamW());
  const shapes: Record<string, number[]> = { "dense.weight": [24, 16], "dense.bias": [24] };
  // Seeds from 1: tfjs treats a seed of 0 as "no seed".
  const init = (name: string, seed: number): tf.Tensor => tf.randomNormal(shapes[name], 0, 0.5, "float32", seed + 1);
  const gradsAt = (step: number): Map<string, tf.Tensor> =>
    new Map(Object.keys(shapes).map((n, i) => [n, tf.randomNormal(shapes[n], 0, 0.1 * (step + 1), "float32", 100 + 10 * step + i)]));
  const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
  const noDecay = (n: string): boolean => n.endsWith("bias");

  // The Trainer's optimizer, on tf ops (fused: false; by default it runs this very kernel).
  const params = new Map(Object.keys(shapes).map((n, i) => [n, tf.variable(init(n, i))]));
  const reference = new AdamW(params, { betas: [hyper.beta1, hyper.beta2], eps: hyper.eps, weightDecay: hyper.weightDecay, noDecay, fused: false });
  const scaleAt = (step: number): number => (step === 2 ? 0.3 : 1);
  for (let s = 0; s < 3; s++) reference.step(gradsAt(s), hyper.lr, scaleAt(s));
  const moments = await reference.stateTensors();

  // The fused kernel, from the same start.
  for (const [name, shape] of Object.entries(shapes)) {
    let p = init(name, Object.keys(shapes).indexOf(name));
    let m = tf.zeros(shape);
    let v = tf.zeros(shape);
    for (let s = 0; s < 3; s++) {
      const next = gpuAdamWUpdate(p, gradsAt(s).get(name)!, m, v, { ...hyper, weightDecay: noDecay(name) ? 0 : hyper.weightDecay, step: s + 1, gradScale: scaleAt(s) });
      [p, m, v] = [next.param, next.expAvg, next.expAvgSq];
    }
    const d = [
      maxAbsDiff(await p.data(), await params.get(name)!.data()),
      maxAbsDiff(await m.data(), moments.get(`exp_avg.${name}`)!.data),
      maxAbsDiff(await v.data(), moments.get(`exp_avg_sq.${name}`)!.data),
    ];
    assert.ok(Math.max(...d) < 1e-7, `${name}: parameter / exp_avg / exp_avg_sq differ by ${d.join(" / ")}`);
    assert.ok(maxAbsDiff(await p.data(), await init(name, Object.keys(shapes).indexOf(name)).data()) > 1e-3, "the update moved the parameter");
  }
  releaseWebGpu();
});
