// Our webgpu kernels against the tf ops they replace, on the CPU-side costs a GPU cannot hide:
// 1. one AdamW step for DistilRoBERTa's parameter count (106 tensors), tiny tensors so the GPU's
//    own work is negligible: the Trainer's AdamW on tf ops (~13 dispatches a parameter) against
//    gpuAdamWUpdate (3). Dispatch overhead is CPU time in tfjs and Dawn, on any GPU.
// 2. the dropout masks of one DistilRoBERTa training step at batch 8 × 128: tf.dropout draws
//    them in JavaScript and uploads them; gpuDropout hashes them on the GPU. On a software
//    adapter the hashing is CPU work too, so this understates the gain on a real GPU.
//   node --import tsx bench/gpu/fused-kernels.ts
import * as tf from "@tensorflow/tfjs";
import { gpuAdamWUpdate, gpuDropout, initWebGpu } from "../../src/engine/backend/webgpu";
import { AdamW } from "../../src/engine/training/adamw";

const info = await initWebGpu({ allowSoftware: true });
const N = 106;
const names = Array.from({ length: N }, (_, i) => `p${i}`);
const params = new Map(names.map((n) => [n, tf.variable(tf.ones([64]))]));
const grads = new Map(names.map((n) => [n, tf.fill([64], 0.01)]));
const hyper = { lr: 2e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

const ops = new AdamW(params, { betas: [hyper.beta1, hyper.beta2], eps: hyper.eps, weightDecay: hyper.weightDecay, noDecay: () => false, fused: false });
const moments = new Map(names.map((n) => [n, { m: tf.zeros([64]), v: tf.zeros([64]) }]));
let step = 0;
const fused = (): void => {
  step++;
  for (const n of names) {
    const s = moments.get(n)!;
    const r = gpuAdamWUpdate(params.get(n)!, grads.get(n)!, s.m, s.v, { ...hyper, step });
    params.get(n)!.assign(r.param);
    tf.dispose([r.param, s.m, s.v]);
    moments.set(n, { m: r.expAvg, v: r.expAvgSq });
  }
};

/** Median wall time of `run` (which resolves once its results are read back), after 3 warm-up runs. */
async function time(label: string, runs: number, run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label}: median ${median.toFixed(1)} ms (${runs} runs)`);
  return median;
}

console.log(`adapter: ${info.device}`);
const lastParam = async (): Promise<void> => void (await params.get(names[N - 1])!.data());
const a = await time("AdamW step, tf ops", 15, async () => (ops.step(grads, hyper.lr), lastParam()));
const b = await time("AdamW step, gpuAdamWUpdate", 15, async () => (fused(), lastParam()));
console.log(`→ ${(a / b).toFixed(1)}× less time`);

// DistilRoBERTa, batch 8 × 128: per layer one attention-probabilities dropout [8, 12, 128, 128] and
// two hidden dropouts [1024, 768]; one more on the embeddings.
const hidden = tf.ones([8 * 128, 768]);
const probs = tf.ones([8, 12, 128, 128]);
const masks = async (drop: (x: tf.Tensor, seed: number) => tf.Tensor): Promise<void> => {
  const outs: tf.Tensor[] = [drop(hidden, 1)];
  for (let layer = 0; layer < 6; layer++) outs.push(drop(probs, 10 * layer + 2), drop(hidden, 10 * layer + 3), drop(hidden, 10 * layer + 4));
  await outs[outs.length - 1].data();
  tf.dispose(outs);
};
const c = await time("dropout masks of one step, tf.dropout", 5, () => masks((x, seed) => tf.dropout(x, 0.1, undefined, seed)));
const d = await time("dropout masks of one step, gpuDropout", 5, () => masks((x, seed) => gpuDropout(x, 0.1, seed)));
console.log(`→ ${(c / d).toFixed(1)}× less time`);
