// One training step (forward + backward + AdamW) of RobertaForMaskedLM on our tfjs backend,
// batch 8 × 128, 15% of positions labelled (as the collator makes them); prints JSON.
// Usage: node --import tsx bench/model/train-step.ts tiny|distil [steps] [microBatch]
// microBatch < 8 accumulates gradients over 8 / microBatch passes (same update as batch 8).
import * as tf from "@tensorflow/tfjs";
import { backendInfo, ready } from "../../src/engine/backend/index";
import { RobertaForMaskedLM } from "../../src/engine/models/index";
import { benchBatch, benchConfig, inPlaceAdamW } from "./setup";

const which = process.argv[2] === "distil" ? "distil" : "tiny";
const steps = Number(process.argv[3] ?? (which === "tiny" ? 10 : 4));
const micro = Number(process.argv[4] ?? 8);
const B = 8;
const S = 128;

const config = benchConfig(which);

await ready();
const model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
const params = model.namedParameters();
const adamw = inPlaceAdamW(params);
const { ids, labels } = benchBatch(B, S);

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
// Minor page faults a step: fresh pages the allocators map and the kernel zeroes (system time).
const faults: number[] = [];
// The first steps grow the heap and compile; DistilRoBERTa settles after one.
const warmup = which === "tiny" ? 2 : 1;
let lastLoss = 0;
for (let i = 0; i < warmup + steps; i++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const f0 = process.resourceUsage().minorPageFault;
  lastLoss = step();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (i >= warmup) {
    times.push(ms);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    faults.push(process.resourceUsage().minorPageFault - f0);
    if (process.env.BENCH_VERBOSE) console.error(`step ${ms.toFixed(0)} ms, user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms, ${faults.at(-1)} minor faults`);
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
    labelled: labels.flat().filter((l) => l !== -100).length,
    medianMs: Math.round(median),
    tokensPerSec: Math.round((B * S * 1000) / median),
    cpuMsPerStep: Math.round(cpuMedian),
    tokensPerCpuSec: Math.round((B * S * 1000) / cpuMedian),
    minorFaultsPerStep: faults.sort((a, b) => a - b)[Math.floor(faults.length / 2)],
    loss: lastLoss,
    wasmHeapBytes: heap,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
