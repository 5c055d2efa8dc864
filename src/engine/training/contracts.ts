// What the Trainer needs from the model, the data and the collator: structural types, so any
// model with HF-named parameters trains, and a test can pass a real dataset of plain rows.
import type * as tf from "@tensorflow/tfjs";

export type Row = Record<string, unknown>;

/** A tokenized row as collators take it (the Trainer checks input_ids before collating). */
export interface TokenizedRow {
  input_ids: ArrayLike<number>;
  attention_mask?: ArrayLike<number>;
  [column: string]: unknown;
}

export interface Batch {
  input_ids: tf.Tensor;
  attention_mask?: tf.Tensor;
  labels?: tf.Tensor;
}

export interface LossAndGrads {
  loss: number;
  /** Keyed by HF parameter names; owned (and disposed) by the caller. */
  grads: Map<string, tf.Tensor>;
}

export interface TrainableModel {
  /** Parameters keyed by Hugging Face tensor names; a tied weight appears once. */
  namedParameters(): Map<string, tf.Variable>;
  /** returnLogits: false lets a model skip logits it would compute only to return them. */
  forward(batch: Batch, options?: { training?: boolean; seed?: number; returnLogits?: boolean }): { loss?: tf.Scalar; logits?: tf.Tensor };
  /** Optional fast path: loss and gradients of one batch, gradients owned by the caller. */
  lossAndGrads?(batch: Batch, options?: { training?: boolean; seed?: number }): LossAndGrads | Promise<LossAndGrads>;
  savePretrained(folder: string): Promise<void>;
  config?: unknown;
}

/** A Dataset (src/engine/datasets) or anything with rows by index. */
export interface RowSource {
  readonly numRows: number;
  row(index: number): Row;
}

/** A collator turns rows into a batch of tensors the caller then owns and disposes. */
export type DataCollator = ((rows: TokenizedRow[]) => Batch) & {
  /** Random state, so a resumed run masks the same tokens as an uninterrupted one. */
  getRngState?(): unknown;
  setRngState?(state: unknown): void;
  tokenizer?: unknown;
};

/** A tokenizer that can write its files beside the model (for checkpoints and the Hub). */
export interface SavableTokenizer {
  savePretrained(folder: string): Promise<unknown>;
}

export function isSavableTokenizer(value: unknown): value is SavableTokenizer {
  // A tokenizer is callable (tok(texts)), so it may be a function object.
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as SavableTokenizer).savePretrained === "function";
}
