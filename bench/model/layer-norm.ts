// LayerNorm forward + backward on the wasm backend: the two onnxruntime kernels
// (backend/native-layer-norm.ts) against the tf-ops path of models/ops.ts layerNorm, timed
// alternately in one process at the tiny model's [1024, 128] and DistilRoBERTa's [1024, 768];
// and the largest difference between the two paths' output and dx. Then the tiny model's forward +
// backward (batch 8 × 128, as bench/model/train-step.ts, without AdamW) with the two paths
// alternating step by step in this process: steadier than separate processes on a shared machine.
// Usage: node --import tsx bench/model/layer-norm.ts [rounds=20] [modelSteps=20]
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { useNativeLayerNorm } from "../../src/engine/backend/native-layer-norm";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { layerNorm } from "../../src/engine/models/ops";

await ready();
const rounds = Number(process.argv[2] ?? 20);
const modelSteps = Number(process.argv[3] ?? 20);
const median = (a: number[]): number => [...a].sort((x, z) => x - z)[Math.floor(a.length / 2)];
const paths = ["onnxruntime", "tf ops"] as const;
const WARMUP = 50;

for (const [n, c] of [
  [1024, 128],
  [1024, 768],
]) {
  const x = tf.add(tf.mul(tf.randomNormal([n, c], 0, 1, "float32", 1), 3), 1) as tf.Tensor2D;
  const gamma = tf.randomNormal([c], 1, 0.1, "float32", 2) as tf.Tensor1D;
  const beta = tf.randomNormal([c], 0, 0.1, "float32", 3) as tf.Tensor1D;
  const dy = tf.randomNormal([n, c], 0, 1, "float32", 4);
  const f = (xi: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.mul(layerNorm(xi as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-5), dy));
  const ms: Record<(typeof paths)[number], number[]> = { onnxruntime: [], "tf ops": [] };
  const last: Partial<Record<(typeof paths)[number], { y: tf.Tensor; dx: tf.Tensor }>> = {};
  // Warm-up rounds: heap growth, graph loading, and onnxruntime-node's first ~60 calls of a
  // process, which run 3-5× slower (measured at 06:38 UTC with a lone Mul graph: 0.33 → 0.07 ms).
  for (let i = -WARMUP; i < rounds; i++) {
    for (const path of paths) {
      useNativeLayerNorm(path === "onnxruntime");
      const t0 = performance.now();
      const grads = tf.grads(f)([x, gamma, beta]);
      grads[0].dataSync();
      if (i >= 0) ms[path].push(performance.now() - t0);
      tf.dispose([grads[1], grads[2], last[path]?.y, last[path]?.dx]);
      last[path] = { y: layerNorm(x, gamma, beta, 1e-5), dx: grads[0] };
    }
  }
  const diff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
  console.log(
    JSON.stringify({
      shape: [n, c],
      rounds,
      onnxruntimeMs: Number(median(ms.onnxruntime).toFixed(3)),
      onnxruntimeMinMs: Number(Math.min(...ms.onnxruntime).toFixed(3)),
      tfOpsMinMs: Number(Math.min(...ms["tf ops"]).toFixed(3)),
      tfOpsMs: Number(median(ms["tf ops"]).toFixed(3)),
      maxYDiff: diff(last.onnxruntime!.y, last["tf ops"]!.y),
      maxDxDiff: diff(last.onnxruntime!.dx, last["tf ops"]!.dx),
    }),
  );
}

if (modelSteps > 0) timeModelSteps();
useNativeLayerNorm(true);

/** The tiny model's forward + backward, the two LayerNorm paths alternating step by step. */
function timeModelSteps(): void {
  const config = new RobertaConfig({ vocabSize: 50265, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
  const params = [...model.namedParameters().values()];
  // Same deterministic batch as train-step.ts: ids in [3, 50003), ~15% of positions labelled.
  let state = 12345;
  const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ids = Array.from({ length: 8 }, () => Array.from({ length: 128 }, () => 3 + Math.floor(rand() * 50000)));
  const batch = { input_ids: ids, labels: ids.map((row) => row.map((t) => (rand() < 0.15 ? t : -100))) };
  const stepMs: Record<(typeof paths)[number], number[]> = { onnxruntime: [], "tf ops": [] };
  // Steps 0-1 warm up (heap growth, graph loading).
  for (let i = 0; i < modelSteps + 2; i++) {
    for (const path of paths) {
      useNativeLayerNorm(path === "onnxruntime");
      const t0 = performance.now();
      const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true }).loss!, params);
      value.dataSync();
      if (i >= 2) stepMs[path].push(performance.now() - t0);
      tf.dispose([value, ...Object.values(grads)]);
    }
  }
  console.log(JSON.stringify({ model: "tiny forward + backward, batch 8 × 128", steps: modelSteps, onnxruntimeMs: Number(median(stepMs.onnxruntime).toFixed(1)), tfOpsMs: Number(median(stepMs["tf ops"]).toFixed(1)), onnxruntimeMinMs: Number(Math.min(...stepMs.onnxruntime).toFixed(1)), tfOpsMinMs: Number(Math.min(...stepMs["tf ops"]).toFixed(1)) }));
}
