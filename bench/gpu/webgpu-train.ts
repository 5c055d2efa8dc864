// Steady-state MLM training throughput of RobertaForMaskedLM on the webgpu backend: the step the
// Trainer runs (forward with dropout, gradients, clip to norm 1, AdamW, loss read back).
// Bundled by bench/gpu/prepare.sh; run by bench/gpu/run.sh. Appends one JSON line per
// (model, batch) to --out.
//   node webgpu-train.mjs --configs bench/gpu/configs.json --run full|smoke [--allow-software] --out FILE
import * as tf from "@tensorflow/tfjs";
import { appendFileSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { adapterLabel, initWebGpu } from "../../src/engine/backend/webgpu";
import { RobertaConfig } from "../../src/engine/models/roberta-config";
import { RobertaForMaskedLM } from "../../src/engine/models/roberta-for-masked-lm";
import { AdamW, isNoDecayParameter } from "../../src/engine/training/adamw";
import { clipGradNorm } from "../../src/engine/training/clip";
import { type BenchConfigs, type BenchRow, maskedBatch, steadyState } from "./bench-common";

const { values: args } = parseArgs({
  options: { configs: { type: "string" }, run: { type: "string", default: "full" }, out: { type: "string" }, "allow-software": { type: "boolean", default: false } },
});
if (!args.configs || !args.out) throw new Error("usage: webgpu-train.mjs --configs FILE --run full|smoke [--allow-software] --out FILE");
const configs = JSON.parse(readFileSync(args.configs, "utf8")) as BenchConfigs;
const plan = configs.runs[args.run!];
if (!plan) throw new Error(`--run must be one of: ${Object.keys(configs.runs).join(", ")}`);
const train = configs.train;

const record = (row: BenchRow): void => {
  appendFileSync(args.out!, `${JSON.stringify(row)}\n`);
  console.log(JSON.stringify(row));
};

// A software adapter only when asked (the smoke run): a GPU run must measure the GPU.
let device: string;
try {
  device = adapterLabel(await initWebGpu({ allowSoftware: args["allow-software"] }));
} catch (e) {
  // Every planned row says why, so the summary shows the cause instead of empty cells.
  for (const model of plan.models) for (const batch of plan.batches) record({ side: "webgpu", model, batch, seq: plan.seq, device: "none", error: (e as Error).message });
  process.exit(1);
}
console.log(`webgpu on ${device}`);

for (const name of plan.models) {
  const config = RobertaConfig.fromJSON(configs.models[name]);
  for (const batchSize of plan.batches) {
    const model = RobertaForMaskedLM.fromConfig(config, { seed: train.seed });
    const params = model.namedParameters();
    const optimizer = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: train.weight_decay, noDecay: isNoDecayParameter });
    const batch = maskedBatch(batchSize, plan.seq, config.vocabSize, train.mlm_probability, train.seed);
    const step = async (): Promise<number> => {
      const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true }).loss!, [...params.values()]);
      const named = new Map([...params].map(([n, v]) => [n, grads[v.name]]));
      await clipGradNorm(named, train.max_grad_norm);
      optimizer.step(named, train.learning_rate);
      for (const g of named.values()) g.dispose();
      const [loss] = await value.data();
      value.dispose();
      return loss;
    };
    let row: BenchRow;
    try {
      const m = await steadyState(step, plan);
      row = { side: "webgpu", model: name, batch: batchSize, seq: plan.seq, device, ...m, tokensPerSec: (m.steps * batchSize * plan.seq) / m.seconds };
    } catch (e) {
      row = { side: "webgpu", model: name, batch: batchSize, seq: plan.seq, device, error: (e as Error).message };
    }
    record(row);
    optimizer.dispose();
    model.dispose();
  }
}
