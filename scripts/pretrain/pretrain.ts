// Pretrains the bundled small RoBERTa with the engine's own Trainer and MLM collator, on the corpus
// that scripts/build-corpus/build.py writes. Checkpoints every --save-steps into --out and resumes
// from the newest one when started again with the same arguments, so a cut-short run continues.
//
//   node --single-threaded-gc --import tsx scripts/pretrain/pretrain.ts --corpus DIR --out DIR [--max-steps N]
//        [--batch 32] [--lr 5e-4] [--dropout 0.1] [--init MODEL_DIR] [--seed 42] [--save-steps 100] [--eval-steps 250] [--export DIR]
//
// Prints one line per logging step (loss, learning rate, tokens/s, ETA) and per evaluation
// (held-out loss and perplexity). --export writes the final model (F16) and the tokenizer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { backendInfo, ready } from "../../src/engine/backend/index";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { Dataset } from "../../src/engine/datasets/index";
import { AutoModelForMaskedLM, RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { latestCheckpoint, Trainer, TrainingArguments } from "../../src/engine/training/index";
import { PRETRAIN_CONFIG } from "./config";
import { exportModel } from "./export";

const { values: opt } = parseArgs({
  options: {
    corpus: { type: "string" },
    out: { type: "string" },
    "max-steps": { type: "string", default: "2600" },
    batch: { type: "string", default: "32" },
    lr: { type: "string", default: "5e-4" },
    "warmup-ratio": { type: "string", default: "0.06" },
    "save-steps": { type: "string", default: "100" },
    "eval-steps": { type: "string", default: "250" },
    "eval-blocks": { type: "string", default: "256" },
    "block-size": { type: "string", default: "128" },
    // Dropout slows learning on a budget of about one epoch (nothing to overfit yet); the shipped config sets RoBERTa's 0.1 back for fine-tuning (export.ts).
    dropout: { type: "string", default: "0.1" },
    // Start from a model folder's weights (a fresh optimizer and schedule) instead of a random init.
    init: { type: "string" },
    seed: { type: "string", default: "42" },
    export: { type: "string" },
  },
});
if (!opt.corpus || !opt.out) throw new Error("usage: pretrain.ts --corpus DIR --out DIR [--max-steps N] [--export DIR]");
const blockSize = Number(opt["block-size"]);

await ready();
console.log(`backend: ${backendInfo().backend} (${backendInfo().reason})`);
const tokenizer = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");

/** The corpus split as blocks of blockSize ids: every page tokenized (<s> … </s>), concatenated, cut (the tutorial's group_texts over the whole split). */
function blocks(file: string): number[][] {
  const pages = gunzipSync(readFileSync(join(opt.corpus!, file))).toString("utf8").split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
  const ids: number[] = [];
  for (let i = 0; i < pages.length; i += 1000) for (const row of tokenizer(pages.slice(i, i + 1000)).input_ids) for (const id of row) ids.push(id);
  const out: number[][] = [];
  for (let i = 0; i + blockSize <= ids.length; i += blockSize) out.push(ids.slice(i, i + blockSize));
  console.log(`${file}: ${pages.length} pages, ${ids.length.toLocaleString("en")} tokens, ${out.length} blocks of ${blockSize}`);
  return out;
}
const asDataset = (rows: number[][]): Dataset => Dataset.fromDict({ input_ids: rows, attention_mask: rows.map((r) => r.map(() => 1)) });
const train = asDataset(blocks("train.jsonl.gz"));
const heldout = blocks("heldout.jsonl.gz");
const evalDataset = asDataset(heldout.slice(0, Number(opt["eval-blocks"])));

const dropout = Number(opt.dropout);
const config = new RobertaConfig({ vocabSize: tokenizer.vocabSize, ...PRETRAIN_CONFIG, maxPositionEmbeddings: blockSize + 2, hiddenDropoutProb: dropout, attentionProbsDropoutProb: dropout });
const seed = Number(opt.seed);
const model = opt.init ? await AutoModelForMaskedLM.fromPretrained(opt.init) : RobertaForMaskedLM.fromConfig(config, { seed });
if (opt.init) {
  model.config.hiddenDropoutProb = dropout;
  model.config.attentionProbsDropoutProb = dropout;
}
const dataCollator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15, seed });
const args = new TrainingArguments({
  outputDir: opt.out,
  maxSteps: Number(opt["max-steps"]),
  perDeviceTrainBatchSize: Number(opt.batch),
  perDeviceEvalBatchSize: 32,
  learningRate: Number(opt.lr),
  warmupRatio: Number(opt["warmup-ratio"]),
  weightDecay: 0.01,
  // RoBERTa's pretraining betas and epsilon (Liu et al. 2019), not the fine-tuning defaults.
  adamBeta2: 0.98,
  adamEpsilon: 1e-6,
  evalStrategy: "steps",
  evalSteps: Number(opt["eval-steps"]),
  loggingSteps: 10,
  saveStrategy: "steps",
  saveSteps: Number(opt["save-steps"]),
  saveTotalLimit: 2,
  seed,
});
const resume = (await latestCheckpoint(opt.out)) !== null;
const hms = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const trainer = new Trainer({
  model,
  args,
  trainDataset: train,
  evalDataset,
  dataCollator,
  callbacks: [
    {
      onLog: ({ state, logs, tokensPerSecond, etaMs }) => {
        if (logs.loss === undefined) return;
        const rate = tokensPerSecond === null ? "" : `  ${Math.round(tokensPerSecond).toLocaleString("en")} tokens/s`;
        const eta = etaMs === null ? "" : `  ETA ${hms(etaMs)}`;
        console.log(`${new Date().toISOString()} step ${state.globalStep}/${state.maxSteps}  loss ${logs.loss.toFixed(4)}  lr ${Number(logs.learning_rate).toExponential(2)}  grad_norm ${Number(logs.grad_norm).toFixed(2)}${rate}${eta}`);
      },
      onEvaluate: ({ state, metrics }) => console.log(`${new Date().toISOString()} step ${state.globalStep} eval_loss ${metrics.eval_loss.toFixed(4)} perplexity ${metrics.perplexity.toFixed(2)}`),
      onSave: ({ checkpoint }) => console.log(`saved ${checkpoint}`),
    },
  ],
});
console.log(resume ? `resuming from ${await latestCheckpoint(opt.out)}` : "starting from scratch");
await trainer.train({ resumeFromCheckpoint: resume || null });
const final = await trainer.evaluate({ evalDataset: asDataset(heldout) });
console.log(`final held-out (${heldout.length} blocks): eval_loss ${final.eval_loss.toFixed(4)} perplexity ${final.perplexity.toFixed(2)}`);
if (opt.export) {
  // The run ends on a save step (saveSteps divides maxSteps), so the newest checkpoint is the final model.
  const last = await latestCheckpoint(opt.out);
  if (!last) throw new Error(`no checkpoint in ${opt.out} to export`);
  await exportModel(last, opt.export);
  console.log(`exported ${last} → ${opt.export}`);
}
