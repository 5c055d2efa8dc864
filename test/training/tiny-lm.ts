// A small, real masked LM on tfjs for the Trainer's loop tests: tied embedding/decoder, one
// dense layer with seeded dropout, a LayerNorm, cross-entropy over labelled positions. It
// trains in milliseconds on the cpu backend, so the loop (resume, interrupt, accumulation,
// divergence) is tested fast; parity with torch runs on the project's RoBERTa.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { writeSafetensors, type TensorToWrite } from "../../src/engine/models/safetensors";
import type { Batch, Row, RowSource, TrainableModel } from "../../src/engine/training/contracts";

export interface TinyConfig {
  vocabSize: number;
  hidden: number;
  dropout: number;
}

let made = 0;

export class TinyMaskedLM implements TrainableModel {
  private readonly params: Map<string, tf.Variable>;

  constructor(
    readonly config: TinyConfig,
    seed: number,
  ) {
    const { vocabSize: v, hidden: h } = config;
    const id = ++made;
    const make = (name: string, t: tf.Tensor): [string, tf.Variable] => {
      const variable = tf.variable(t, true, `tiny${id}/${name}`);
      t.dispose();
      return [name, variable];
    };
    this.params = new Map([
      make("embeddings.word_embeddings.weight", tf.randomNormal([v, h], 0, 0.5, "float32", seed)),
      make("dense.weight", tf.randomNormal([h, h], 0, 0.3, "float32", seed + 1)),
      make("dense.bias", tf.zeros([h])),
      make("LayerNorm.weight", tf.ones([h])),
      make("LayerNorm.bias", tf.zeros([h])),
      make("lm_head.bias", tf.zeros([v])),
    ]);
  }

  namedParameters(): Map<string, tf.Variable> {
    return this.params;
  }

  forward(batch: Batch, options: { training?: boolean; seed?: number } = {}): { loss?: tf.Scalar; logits: tf.Tensor } {
    return tf.tidy(() => {
      const p = (n: string): tf.Variable => this.params.get(n)!;
      const [b, t] = batch.input_ids.shape as [number, number];
      const emb = tf.gather(p("embeddings.word_embeddings.weight"), batch.input_ids.reshape([-1]));
      let h = tf.tanh(emb.matMul(p("dense.weight"), false, true).add(p("dense.bias")));
      if (options.training && this.config.dropout > 0) h = tf.dropout(h, this.config.dropout, undefined, options.seed);
      const { mean, variance } = tf.moments(h, -1, true);
      h = h.sub(mean).div(variance.add(1e-5).sqrt()).mul(p("LayerNorm.weight")).add(p("LayerNorm.bias"));
      const logits = h.matMul(p("embeddings.word_embeddings.weight"), false, true).add(p("lm_head.bias"));
      if (!batch.labels) return { logits: logits.reshape([b, t, -1]) };
      const labels = batch.labels.reshape([-1]);
      const mask = labels.notEqual(-100).toFloat();
      const safe = tf.where(labels.notEqual(-100), labels, tf.zerosLike(labels));
      const picked = tf.oneHot(safe, this.config.vocabSize).mul(tf.logSoftmax(logits)).sum(-1);
      const loss = picked.mul(mask).sum().div(mask.sum()).neg() as tf.Scalar;
      return { loss, logits: logits.reshape([b, t, -1]) };
    });
  }

  async savePretrained(folder: string): Promise<void> {
    await mkdir(folder, { recursive: true });
    const tensors = new Map<string, TensorToWrite>();
    for (const [name, v] of this.params) tensors.set(name, { dtype: "F32", shape: v.shape, data: (await v.data()) as Float32Array });
    await writeSafetensors(join(folder, "model.safetensors"), tensors, { format: "pt" });
    await writeFile(join(folder, "config.json"), JSON.stringify({ model_type: "tiny-test-lm", vocab_size: this.config.vocabSize, hidden_size: this.config.hidden }));
  }

  async snapshot(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    for (const [n, v] of this.params) out[n] = (await v.data()) as Float32Array;
    return out;
  }

  dispose(): void {
    this.params.forEach((v) => v.dispose());
  }
}

/** Rows of token ids from a seeded stream with a learnable pattern (each id follows from the last). */
export function patternRows(count: number, length: number, vocabSize: number, seed: number): Row[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => {
    const start = Math.floor(next() * vocabSize);
    const ids = Array.from({ length }, (_, i) => (start + i * 3) % vocabSize);
    // Label every other position (as a fixed masking would), the rest ignored with -100.
    const labels = ids.map((id, i) => (i % 2 === 0 ? id : -100));
    return { input_ids: ids, attention_mask: ids.map(() => 1), labels };
  });
}

export class Rows implements RowSource {
  constructor(private readonly rows: Row[]) {}
  get numRows(): number {
    return this.rows.length;
  }
  row(i: number): Row {
    return this.rows[i];
  }
}
