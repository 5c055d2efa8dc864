// AdamW.step alone on the small RoBERTa's 6.96M parameters (bench/train's model), on the chosen
// backend: the backend's one-pass update (fused, the default) against the tf-ops update.
// Alternates the two twice; median of 5 steps each, wall and CPU (all threads of the process).
// Usage: node --import tsx bench/train/adamw-step.ts
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AdamW, isNoDecayParameter } from "../../src/engine/training/adamw";

await ready();
const config = new RobertaConfig({ vocabSize: 50265, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const fused of [false, true, false, true]) {
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 1 });
  const params = model.namedParameters();
  const opt = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter, fused });
  const grads = new Map([...params].map(([n, v], i) => [n, tf.randomNormal(v.shape, 0, 0.01, "float32", i + 1)]));
  opt.step(grads, 1e-3);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < 5; s++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    opt.step(grads, 1e-3);
    await [...params.values()][0].data();
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(`${tf.getBackend()} ${fused ? "fused" : "tf ops"}: ${median(wall).toFixed(1)} ms wall, ${median(cpu).toFixed(1)} CPU-ms per step (${model.numParameters()} params)`);
  grads.forEach((g) => g.dispose());
  opt.dispose();
  model.dispose();
}
