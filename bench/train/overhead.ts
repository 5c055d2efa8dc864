// What the Trainer adds to a training step, on one model in one process: the bare step (forward,
// backward, the loss read, in-place AdamW: bench/model/train-step.ts's work) against Trainer.train()
// over the same rows (everything of its loop included), and the Trainer's own parts timed alone
// (collation, the gradient norm, its AdamW with clipping's coefficient folded in). The two
// alternate in rounds of 10 steps, so the host's slow phases (seconds long on this VM) fall on
// both sides alike; each bare step ends with a turn of the event loop, as the Trainer's does,
// so V8's garbage-collection tasks, which run there, fall on both sides alike too.
// Written against the public API ("mlm-notebook"), so it runs as a notebook cell too, where the
// kernel's progress bars and live training view are on:
//   node --import tsx bench/train/overhead.ts            (plain Node: no kernel, no view events)
//   node bin/mlm-notebook.js run bench/train/overhead.ts (in the kernel, as the app runs a cell)
// OVERHEAD_MODEL=tiny|roberta-small-docs (default tiny), OVERHEAD_STEPS (default 30). Prints one JSON line.
import * as tf from "@tensorflow/tfjs";
import { AdamW, AutoModelForMaskedLM, AutoTokenizer, backendInfo, clipCoefficient, DataCollatorForLanguageModeling, globalNorm, isNoDecayParameter, ready, RobertaConfig, RobertaForMaskedLM, Trainer, TrainingArguments, type TokenizedRow } from "mlm-notebook";

const which = process.env.OVERHEAD_MODEL ?? "tiny";
const steps = Number(process.env.OVERHEAD_STEPS ?? 30);
const B = 8;
const S = 128;
await ready();
const tokenizer = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
const model =
  which === "tiny"
    ? RobertaForMaskedLM.fromConfig(new RobertaConfig({ vocabSize: 50265, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5 }), { seed: 0 })
    : ((await AutoModelForMaskedLM.fromPretrained(which)) as RobertaForMaskedLM);
// Rows of ordinary ids (no special tokens), as group_texts makes them.
let state = 12345;
const rand = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const rows: TokenizedRow[] = Array.from({ length: B * (steps + 4) }, () => {
  const input_ids = Array.from({ length: S }, () => 3 + Math.floor(rand() * 50000));
  return { input_ids, attention_mask: input_ids.map(() => 1), labels: [...input_ids] };
});
const collator = new DataCollatorForLanguageModeling({ tokenizer, mlmProbability: 0.15, seed: 42 });
const params = model.namedParameters();
const optimizer = new AdamW(params, { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01, noDecay: isNoDecayParameter });
const batchAt = (i: number): TokenizedRow[] => rows.slice((i % (steps + 4)) * B, (i % (steps + 4) + 1) * B);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
};

const batchTensors = (batch: object): tf.Tensor[] => Object.values(batch).filter((t): t is tf.Tensor => t instanceof tf.Tensor);

/** The loss (unread) and the gradients by parameter name. */
function lossAndGrads(batch: ReturnType<typeof collator>, i: number): { value: tf.Scalar; named: Map<string, tf.Tensor> } {
  const { value, grads } = tf.variableGrads(() => model.forward(batch, { training: true, seed: i }).loss!, [...params.values()]);
  return { value, named: new Map([...params].map(([name, v]) => [name, grads[v.name]])) };
}

/** The bare step's work with the Trainer's parts around it, each timed alone. */
async function parts(i: number): Promise<Record<string, number>> {
  const [batch, collate] = time(() => collator(batchAt(i)));
  const [{ value, named }, forwardBackward] = time(() => lossAndGrads(batch, i));
  const [, lossRead] = time(() => value.dataSync());
  const t0 = performance.now();
  // The norm; its clipping coefficient (maxGradNorm 1) rides in the AdamW pass, as in the Trainer.
  const norm = await globalNorm(named);
  const gradNorm = performance.now() - t0;
  const [, adamw] = time(() => optimizer.step(named, 5e-5, clipCoefficient(norm, 1.0)));
  tf.dispose([value, ...named.values(), ...batchTensors(batch)]);
  return { collate, forwardBackward, lossRead, gradNorm, adamw };
}

/** The bare step, ms: forward, backward, the loss read, AdamW, then a turn of the event loop. */
async function bareStep(i: number): Promise<number> {
  const batch = collator(batchAt(i));
  const t0 = performance.now();
  const { value, named } = lossAndGrads(batch, i);
  value.dataSync();
  optimizer.step(named, 5e-5);
  tf.dispose([value, ...named.values(), ...batchTensors(batch)]);
  await new Promise(setImmediate);
  return performance.now() - t0;
}

/** `n` Trainer steps, each step end to step end, after 3 warm-up steps. */
async function trainerRound(n: number): Promise<number[]> {
  const ends: number[] = [];
  const args = new TrainingArguments({ outputDir: "bench-overhead-out", learningRate: 5e-5, weightDecay: 0.01, maxSteps: n + 3, perDeviceTrainBatchSize: B, evalStrategy: "no", saveStrategy: "no" });
  const trainer = new Trainer({ model, args, trainDataset: { numRows: rows.length, row: (i: number) => rows[i] }, dataCollator: collator, callbacks: [{ onStepEnd: () => void ends.push(performance.now()) }] });
  await trainer.train();
  return ends.slice(3).map((t, i) => t - ends[i + 2]);
}

for (let i = 0; i < 3; i++) await parts(i);
const partRuns: Record<string, number>[] = [];
for (let i = 0; i < steps; i++) partRuns.push(await parts(i));

const ROUND = 10;
const bareSteps: number[] = [];
const trainerSteps: number[] = [];
for (let done = 0; done < steps; done += ROUND) {
  const n = Math.min(ROUND, steps - done);
  trainerSteps.push(...(await trainerRound(n)));
  for (let i = 0; i < n; i++) bareSteps.push(await bareStep(done + i));
}

const med = (k: string): number => median(partRuns.map((r) => r[k]));
const round = (x: number): number => Math.round(x * 10) / 10;
console.log(
  JSON.stringify({
    model: which,
    backend: backendInfo().backend,
    steps,
    bareMs: round(median(bareSteps)),
    trainerStepMs: round(median(trainerSteps)),
    parts: Object.fromEntries(["collate", "forwardBackward", "lossRead", "gradNorm", "adamw"].map((k) => [k, round(med(k))])),
  }),
);
model.dispose();
