// What the webgpu bench shares with the PyTorch one (torch_train.py mirrors these rules):
// the configs file's shape, the masked batch, and how a steady state is timed.

export interface BenchPlan {
  models: string[];
  batches: number[];
  seq: number;
  /** Untimed steps first: shader compilation and buffer pools settle here. */
  warmup: number;
  /** Timed steps, unless maxSeconds runs out first (at least one is timed). */
  steps: number;
  maxSeconds: number;
}

export interface BenchConfigs {
  models: Record<string, Record<string, unknown>>;
  runs: Record<string, BenchPlan>;
  train: { learning_rate: number; weight_decay: number; max_grad_norm: number; mlm_probability: number; seed: number };
}

export interface BenchRow {
  side: "webgpu" | "pytorch" | "pytorch-labelled-head";
  model: string;
  batch: number;
  seq: number;
  device: string;
  steps?: number;
  seconds?: number;
  tokensPerSec?: number;
  medianStepMs?: number;
  lastLoss?: number;
  error?: string;
}

/** mulberry32: the batch is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Random ids between <s> and </s>, `p` of the inner positions chosen for prediction and replaced
 * by <mask> (the vocabulary's last id, as in RoBERTa); labels -100 elsewhere.
 */
export function maskedBatch(batch: number, seq: number, vocab: number, p: number, seed: number): { input_ids: number[][]; attention_mask: number[][]; labels: number[][] } {
  const r = rng(seed);
  const mask = vocab - 1;
  const input_ids: number[][] = [];
  const labels: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const ids = [0];
    const lab = [-100];
    for (let t = 1; t < seq - 1; t++) {
      const id = 3 + Math.floor(r() * (vocab - 4));
      const chosen = r() < p;
      ids.push(chosen ? mask : id);
      lab.push(chosen ? id : -100);
    }
    ids.push(2);
    lab.push(-100);
    input_ids.push(ids);
    labels.push(lab);
  }
  return { input_ids, attention_mask: input_ids.map((row) => row.map(() => 1)), labels };
}

/** Runs warm-up steps, then timed steps; the step resolves once its loss is read back. */
export async function steadyState(step: () => Promise<number>, plan: BenchPlan): Promise<{ steps: number; seconds: number; medianStepMs: number; lastLoss: number }> {
  let lastLoss = NaN;
  for (let i = 0; i < plan.warmup; i++) lastLoss = await step();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < plan.steps && (times.length === 0 || performance.now() - start < plan.maxSeconds * 1000)) {
    const t0 = performance.now();
    lastLoss = await step();
    times.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...times].sort((a, b) => a - b);
  return { steps: times.length, seconds, medianStepMs: sorted[Math.floor(sorted.length / 2)], lastLoss };
}
