// One full Trainer epoch on the bundled sample with a small RoBERTa (our side of bench/train):
// the tutorial's pipeline (tokenize, group into blocks, MLM collator) and Trainer.train().
// Writes the blocks it trained on and the model config (for the PyTorch loop) into <folder>,
// and prints one JSON line of results.
// Usage: node --import tsx bench/train/trainer-epoch.ts <folder> [records]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { backendInfo, ready } from "../../src/engine/backend/index";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { loadDataset, type Batch } from "../../src/engine/datasets/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { Trainer, TrainingArguments } from "../../src/engine/training/index";
import { SMALL_CONFIG, BATCH, BLOCK, WARMUP_STEPS } from "./config";

const folder = process.argv[2];
const records = Number(process.argv[3] ?? 400);
if (!folder) throw new Error("usage: trainer-epoch.ts <folder> [records]");

await ready();
const work = mkdtempSync(join(tmpdir(), "bench-train-"));
const tokenizer = await AutoTokenizer.fromPretrained(fileURLToPath(new URL("../../resources/tokenizers/roberta-base-tokenizer", import.meta.url)));
const eli5 = (await loadDataset("eli5_sample", { split: `train[:${records}]`, cacheDir: join(work, "cache") })).flatten();
const tokenized = await eli5.map((b: Batch) => tokenizer((b["answers.text"] as string[][]).map((x) => x.join(" "))), { batched: true, removeColumns: eli5.columnNames });
// The tutorial's group_texts.
const lm = await tokenized.map(
  (b: Batch) => {
    const ids = (b.input_ids as number[][]).flat();
    const n = Math.floor(ids.length / BLOCK);
    const input_ids = Array.from({ length: n }, (_, i) => ids.slice(i * BLOCK, (i + 1) * BLOCK));
    return { input_ids, attention_mask: input_ids.map((r) => r.map(() => 1)), labels: input_ids.map((r) => [...r]) };
  },
  { batched: true, removeColumns: tokenized.columnNames },
);
tokenizer.padToken = tokenizer.eosToken;
const config = new RobertaConfig({ vocabSize: tokenizer.vocabSize, ...SMALL_CONFIG });
writeFileSync(join(folder, "blocks.json"), JSON.stringify(lm.column("input_ids")));
const torchConfig = { ...config.toJSON(), batch: BATCH, warmup_steps: WARMUP_STEPS, special_ids: tokenizer.allSpecialIds, mask_token_id: tokenizer.maskTokenId };
writeFileSync(join(folder, "torch-config.json"), JSON.stringify(torchConfig));
const model = RobertaForMaskedLM.fromConfig(config, { seed: 42 });
const dataCollator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15, seed: 42 });
const args = new TrainingArguments({ outputDir: join(work, "out"), learningRate: 2e-5, weightDecay: 0.01, numTrainEpochs: 1, perDeviceTrainBatchSize: BATCH, loggingSteps: 10, saveStrategy: "no" });
const stepEnds: number[] = [];
// CPU time (all threads of the process) as well as wall time: on a shared machine it is the steadier figure.
const cpuEnds: number[] = [];
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const losses: number[] = [];
const trainer = new Trainer({ model, args, trainDataset: lm, dataCollator, callbacks: [{ onStepEnd: (e) => (stepEnds.push(performance.now()), cpuEnds.push(cpuSeconds()), losses.push(e.loss)) }] });
const started = performance.now();
await trainer.train();
const total = (performance.now() - started) / 1000;
// Steady state: from the end of the warm-up steps to the end of the epoch (the last batch may be short).
const steps = stepEnds.length;
const steadySteps = steps - 1 - WARMUP_STEPS;
const steadySeconds = (stepEnds[steps - 2] - stepEnds[WARMUP_STEPS - 1]) / 1000;
console.log(
  JSON.stringify({
    side: "ours",
    backend: backendInfo(),
    blocks: lm.numRows,
    steps,
    epochSeconds: total,
    steadyTokensPerSecond: (steadySteps * BATCH * BLOCK) / steadySeconds,
    steadyTokensPerCpuSecond: (steadySteps * BATCH * BLOCK) / (cpuEnds[steps - 2] - cpuEnds[WARMUP_STEPS - 1]),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    firstLoss: losses[0],
    lastLoss: losses.at(-1),
  }),
);
model.dispose();
rmSync(work, { recursive: true, force: true });
