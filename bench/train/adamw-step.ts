import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { AdamW, isNoDecayParameter } from "../../src/engine/training/adamw";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
await ready();
const config = new RobertaConfig({ vocabSize: 50265, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 });
for (const fused of [false, true, false, true]) {
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 1 });
  const params = model.namedParameters();
  const opt = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter, fused });
  const grads = new Map([...params].map(([n, v], i) => [n, tf.randomNormal(v.shape, 0, 0.01, "float32", i + 1)]));
  opt.step(grads, 1e-3);
  const times: number[] = [];
  for (let s = 0; s < 5; s++) { const t0 = performance.now(); opt.step(grads, 1e-3); await [...params.values()][0].data(); times.push(performance.now() - t0); }
  times.sort((a, b) => a - b);
  console.log(`${tf.getBackend()} fused=${fused}: median ${times[2].toFixed(1)} ms/step over ${model.numParameters()} params`);
  grads.forEach((g) => g.dispose()); opt.dispose(); model.dispose();
}
