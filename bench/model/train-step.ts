// One training step (forward + backward + AdamW) of RobertaForMaskedLM on our tfjs backend,
// batch 8 × 128, 15% of positions labelled (as the collator makes them); prints JSON.
// Usage: node --import tsx bench/model/train-step.ts tiny|distil [steps] [microBatch]
// microBatch < 8 accumulates gradients over 8 / microBatch passes (same update as batch 8).
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, backendInfo, ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { isNoDecayParameter } from "../../src/engine/training/index";

const which = process.argv[2] === "distil" ? "distil" : "tiny";
const steps = Number(process.argv[3] ?? (which === "tiny" ? 10 : 4));
const micro = Number(process.argv[4] ?? 8);
const B = 8;
const S = 128;

const common = { vocabSize: 50265, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5 };
const config =
  which === "tiny"
    ? new RobertaConfig({ ...common, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 })
    : new RobertaConfig({ ...common, hiddenSize: 768, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 3072 });

await ready();
const model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
const params = model.namedParameters();
// AdamW as torch.optim.AdamW (lr 5e-5, weight decay 0.01 except biases and LayerNorm), one
// in-place pass per parameter (src/engine/backend/fused-adamw.ts).
// tf.variable(t) shares t's buffer: dispose t so the variable alone owns it (in-place needs that).
const own = (t: tf.Tensor): tf.Variable => {
  const v = tf.variable(t);
  t.dispose();
  return v;
};
const moments = new Map([...params].map(([name, v]) => [name, [own(tf.zeros(v.shape)), own(tf.zeros(v.shape))] as const]));
let adamStep = 0;
function adamw(grads: Map<string, tf.Tensor>): void {
  adamStep++;
  for (const [name, p] of params) {
    const [m, v] = moments.get(name)!;
    const h = { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: isNoDecayParameter(name) ? 0 : 0.01, step: adamStep };
    if (!adamwUpdateInPlace(p, grads.get(name)!, m, v, h)) throw new Error(`in-place AdamW refused ${name}`);
  }
}

// Same deterministic batch as the PyTorch script: ids in [3, 50003), every ~7th position labelled.
let state = 12345;
const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const ids = Array.from({ length: B }, () => Array.from({ length: S }, () => 3 + Math.floor(rand() * 50000)));
const labels = ids.map((row) => row.map((t) => (rand() < 0.15 ? t : -100)));

function step(): number {
  const grads = new Map<string, tf.Tensor>();
  let loss = 0;
  for (let start = 0; start < B; start += micro) {
    const part = { input_ids: ids.slice(start, start + micro), labels: labels.slice(start, start + micro) };
    const { value, grads: g } = tf.variableGrads(() => model.forward(part, { training: true }).loss!, [...params.values()]);
    loss += value.dataSync()[0] * (micro / B);
    value.dispose();
    for (const [name, v] of params) {
      const gi = g[v.name];
      const prev = grads.get(name);
      // Accumulating the mean over micro-batches: each part's mean loss weighs micro / B.
      const scaled = micro === B ? gi : tf.tidy(() => (prev ? prev.add(gi.mul(micro / B)) : gi.mul(micro / B)));
      if (scaled !== gi) gi.dispose();
      prev?.dispose();
      grads.set(name, scaled);
    }
  }
  adamw(grads);
  tf.dispose([...grads.values()]);
  return loss;
}

const times: number[] = [];
// CPU time of the whole process (all threads): steadier than wall time on a shared machine.
const cpuTimes: number[] = [];
// The first steps grow the heap and compile; DistilRoBERTa settles after one.
const warmup = which === "tiny" ? 2 : 1;
let lastLoss = 0;
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  lastLoss = step();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (i >= warmup) {
    times.push(ms);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)];
const heap = (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.byteLength ?? null;
console.log(
  JSON.stringify({
    impl: "tfjs",
    config: which,
    backend: backendInfo().backend,
    backendDetail: backendInfo().reason,
    batch: B,
    microBatch: micro,
    seq: S,
    params: model.numParameters(),
    steps: times.length,
    medianMs: Math.round(median),
    tokensPerSec: Math.round((B * S * 1000) / median),
    cpuMsPerStep: Math.round(cpuMedian),
    tokensPerCpuSec: Math.round((B * S * 1000) / cpuMedian),
    loss: lastLoss,
    wasmHeapBytes: heap,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
