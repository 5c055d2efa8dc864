// One layer's self-attention forward + backward on the wasm backend, in training (dropout 0.1, a
// fresh seed each round, no padding as in bench/model/train-step.ts): the two onnxruntime kernels
// (backend/native-attention.ts) against the tf-ops path of models/ops.ts selfAttention, alternating
// in one process, at the tiny model's batch 8 × 128 with 2 heads of 64 and DistilRoBERTa's 12 heads
// of 64; and the largest difference between the two paths' context and dq.
// Usage: node --single-threaded-gc --import tsx bench/model/attention.ts [rounds=20]
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { useNativeAttention } from "../../src/engine/backend/native-attention";
import { selfAttention } from "../../src/engine/models/ops";

await ready();
const rounds = Number(process.argv[2] ?? 20);
const median = (a: number[]): number => [...a].sort((x, z) => x - z)[Math.floor(a.length / 2)];
const paths = ["onnxruntime", "tf ops"] as const;
/** Warm-up rounds: heap growth and onnxruntime-node's first, slower calls of a process. */
const WARMUP = 30;

for (const heads of [2, 12]) {
  const dims = { batch: 8, seq: 128, heads, headDim: 64 };
  const [n, h] = [dims.batch * dims.seq, heads * dims.headDim];
  const [q, k, v] = [1, 2, 3].map((seed) => tf.randomNormal([n, h], 0, 1, "float32", seed) as tf.Tensor2D);
  const dctx = tf.randomNormal([n, h], 0, 1, "float32", 4);
  const ms: Record<(typeof paths)[number], number[]> = { onnxruntime: [], "tf ops": [] };
  const last: Partial<Record<(typeof paths)[number], { ctx: tf.Tensor; dq: tf.Tensor }>> = {};
  for (let i = -WARMUP; i < rounds; i++) {
    for (const path of paths) {
      useNativeAttention(path === "onnxruntime");
      const drop = { rate: 0.1, seed: 1000 + Math.max(i, 0) };
      const f = (qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor): tf.Tensor => tf.sum(tf.mul(selfAttention(qi as tf.Tensor2D, ki as tf.Tensor2D, vi as tf.Tensor2D, null, dims, drop), dctx));
      const t0 = performance.now();
      const grads = tf.grads(f)([q, k, v]);
      grads[0].dataSync();
      if (i >= 0) ms[path].push(performance.now() - t0);
      tf.dispose([grads[1], grads[2], last[path]?.ctx, last[path]?.dq]);
      last[path] = { ctx: selfAttention(q, k, v, null, dims, drop), dq: grads[0] };
    }
  }
  const diff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  console.log(
    JSON.stringify({
      dims,
      rounds,
      onnxruntimeMs: Number(median(ms.onnxruntime).toFixed(3)),
      tfOpsMs: Number(median(ms["tf ops"]).toFixed(3)),
      onnxruntimeMinMs: Number(Math.min(...ms.onnxruntime).toFixed(3)),
      tfOpsMinMs: Number(Math.min(...ms["tf ops"]).toFixed(3)),
      maxCtxDiff: diff(last.onnxruntime!.ctx, last["tf ops"]!.ctx),
      maxDqDiff: diff(last.onnxruntime!.dq, last["tf ops"]!.dq),
    }),
  );
  tf.dispose([q, k, v, dctx, ...Object.values(last).flatMap((r) => [r.ctx, r.dq])]);
}
useNativeAttention(true);
