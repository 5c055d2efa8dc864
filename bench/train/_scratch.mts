import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AdamW, isNoDecayParameter, Trainer, TrainingArguments, clipGradNorm } from "../../src/engine/training/index";
import { SMALL_CONFIG } from "./config";
await ready();
let state = 12345;
const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const rows = Array.from({ length: 48 }, () => { const ids = Array.from({ length: 128 }, () => 3 + Math.floor(rand() * 50000)); return { input_ids: ids, attention_mask: ids.map(() => 1), labels: ids.map((t) => (rand() < 0.15 ? t : -100)) }; });
const model = RobertaForMaskedLM.fromConfig(new RobertaConfig({ vocabSize: 50265, ...SMALL_CONFIG }), { seed: 0 });
const params = model.namedParameters();
const opt = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, noDecay: isNoDecayParameter });
async function raw(): Promise<number[]> {
const times: number[] = [];
for (let s = 0; s < 4; s++) {
  const a = performance.now();
  const b = rows.slice(s * 8, s * 8 + 8);
  const batch = { input_ids: tf.tensor2d(b.map((r) => r.input_ids), undefined, "int32"), attention_mask: tf.tensor2d(b.map((r) => r.attention_mask), undefined, "int32"), labels: tf.tensor2d(b.map((r) => r.labels), undefined, "int32") };
  const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, seed: s }).loss!, [...params.values()]);
  await value.data();
  const byVar = new Map([...params].map(([k, v]) => [v.name, k]));
  const m = new Map(Object.entries(grads).map(([k, g]) => [byVar.get(k)!, g]));
  const c = performance.now();
  await clipGradNorm(m, 1);
  const d = performance.now();
  opt.step(m, 1e-5);
  m.forEach((g) => g.dispose()); value.dispose(); tf.dispose(batch);
  await params.get("lm_head.bias")!.data();
  times.push(Math.round(performance.now() - a));
  console.log(`  raw: fwd+bwd ${(c - a).toFixed(0)} clip ${(d - c).toFixed(0)} adam ${(performance.now() - d).toFixed(0)}`);
}
return times;
}
async function trainer(): Promise<number[]> {
const ends: number[] = [];
const t = new Trainer({ model, args: new TrainingArguments({ outputDir: "/tmp/scratch-out", maxSteps: 4, saveStrategy: "no", perDeviceTrainBatchSize: 8 }), trainDataset: { numRows: rows.length, row: (i) => rows[i] }, callbacks: [{ onStepEnd: () => ends.push(performance.now()) }] });
const t0 = performance.now();
await t.train();
return [t0, ...ends].slice(1).map((e, i) => Math.round(e - [t0, ...ends][i]));
}
console.log("raw", (await raw()).join(" "));
console.log("trainer", (await trainer()).join(" "));
console.log("raw", (await raw()).join(" "));
console.log("trainer", (await trainer()).join(" "));
