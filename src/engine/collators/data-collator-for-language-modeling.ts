// DataCollatorForLanguageModeling as in transformers: pad the rows to the longest (or a multiple
// of padToMultipleOf), then for masked LM pick each maskable token with p = mlmProbability and
// of those make 80% <mask>, half the rest a random token from [0, len(tokenizer)), keep the rest;
// labels are the original ids where picked, -100 elsewhere. Special tokens and padding are never
// picked. Random draws come from a seeded generator (same seed, same batches).
import * as tf from "@tensorflow/tfjs";
import { recordCall } from "../runtime/record";
import { checkTokenIds } from "../runtime/token-ids";
import { type BatchSequenceView, type BatchView, type MaskingAction, MAX_SHOWN, attachView } from "./batch-view";
import { Rng, type RngState } from "./rng";

/** What the collator needs of a tokenizer (AutoTokenizer's tokenizers have all of it). */
export interface CollatorTokenizer {
  padTokenId: number | null;
  maskTokenId: number | null;
  allSpecialIds: number[];
  /** len(tokenizer): random replacement ids are drawn below it. */
  vocabSize: number;
  paddingSide?: "left" | "right";
  convertIdsToTokens?(ids: number[]): (string | null)[] | string[];
}

export interface CollatorRow {
  input_ids: ArrayLike<number>;
  attention_mask?: ArrayLike<number>;
  /** 1 at special tokens; when absent, computed as transformers does (ids in allSpecialIds). */
  special_tokens_mask?: ArrayLike<number>;
}

/** A collated batch: int32 tensors [batch, length]. The caller owns them and disposes them (tf.dispose(batch)). */
export interface MlmBatch {
  input_ids: tf.Tensor2D;
  attention_mask: tf.Tensor2D;
  labels: tf.Tensor2D;
}

export interface DataCollatorOptions {
  tokenizer: CollatorTokenizer;
  /** Masked LM (default) or, when false, causal LM labels (ids, -100 at padding). */
  mlm?: boolean;
  mlmProbability?: number;
  padToMultipleOf?: number;
  /** Seeds the masking; default 42 (the Trainer's default seed). */
  seed?: number;
}

/** The batch as plain arrays, before it becomes tensors. */
interface Collated {
  batch: number;
  length: number;
  inputIds: Int32Array;
  attentionMask: Int32Array;
  labels: Int32Array;
  actions: (MaskingAction | null)[];
  maskable: number;
}

export interface DataCollatorForLanguageModeling {
  (rows: CollatorRow[]): MlmBatch;
}

export class DataCollatorForLanguageModeling {
  readonly tokenizer!: CollatorTokenizer;
  readonly mlm!: boolean;
  readonly mlmProbability!: number;
  readonly padToMultipleOf: number | undefined;
  readonly seed!: number;
  private rng!: Rng;

  constructor(options: DataCollatorOptions) {
    // A function object with this class's prototype, so `collator(rows)` works as in Python.
    const self = ((rows: CollatorRow[]) => self.call(rows)) as unknown as DataCollatorForLanguageModeling;
    Object.setPrototypeOf(self, new.target.prototype);
    const { tokenizer, mlm = true, mlmProbability = 0.15, padToMultipleOf, seed = 42 } = options ?? ({} as DataCollatorOptions);
    if (!tokenizer || typeof tokenizer.vocabSize !== "number" || !Array.isArray(tokenizer.allSpecialIds)) {
      throw new TypeError("DataCollatorForLanguageModeling needs { tokenizer }: pass the tokenizer from AutoTokenizer.fromPretrained(...).");
    }
    if (mlm && tokenizer.maskTokenId === null) {
      throw new Error("This tokenizer does not have a mask token, which masked language modeling needs. Pass mlm: false to train a causal language model instead.");
    }
    if (!(mlmProbability >= 0 && mlmProbability <= 1)) throw new RangeError(`mlmProbability must be between 0 and 1, got ${mlmProbability}.`);
    if (padToMultipleOf !== undefined && !(Number.isInteger(padToMultipleOf) && padToMultipleOf > 0)) {
      throw new RangeError(`padToMultipleOf must be a positive integer, got ${padToMultipleOf}.`);
    }
    Object.assign(self, { tokenizer, mlm, mlmProbability, padToMultipleOf, seed, rng: new Rng(seed) });
    recordCall("DataCollatorForLanguageModeling", { mlmProbability, ...(mlm ? {} : { mlm }), ...(padToMultipleOf ? { padToMultipleOf } : {}), seed });
    return self;
  }

  /** Collates rows into tensors (see MlmBatch for who disposes them); the batch displays its masking. */
  call(rows: CollatorRow[]): MlmBatch {
    const c = this.collate(rows);
    const shape: [number, number] = [c.batch, c.length];
    const batch: MlmBatch = {
      input_ids: tf.tensor2d(c.inputIds, shape, "int32"),
      attention_mask: tf.tensor2d(c.attentionMask, shape, "int32"),
      labels: tf.tensor2d(c.labels, shape, "int32"),
    };
    return attachView(batch, () => this.view(c));
  }

  /** The same collation as arrays with its notebook view, no tensors (nothing to dispose). */
  preview(rows: CollatorRow[]): { input_ids: number[][]; attention_mask: number[][]; labels: number[][] } {
    const c = this.collate(rows);
    const rowsOf = (a: Int32Array): number[][] => Array.from({ length: c.batch }, (_, b) => Array.from(a.subarray(b * c.length, (b + 1) * c.length)));
    return attachView({ input_ids: rowsOf(c.inputIds), attention_mask: rowsOf(c.attentionMask), labels: rowsOf(c.labels) }, () => this.view(c));
  }

  getRngState(): RngState {
    return this.rng.getState();
  }

  setRngState(state: unknown): void {
    this.rng.setState(state as RngState);
  }

  private collate(rows: CollatorRow[]): Collated {
    if (!Array.isArray(rows) || rows.length === 0) throw new TypeError("The collator takes a non-empty array of rows ({ input_ids, attention_mask? }).");
    rows.forEach((r, i) => {
      if (!r || typeof r !== "object" || !r.input_ids || typeof r.input_ids.length !== "number") {
        throw new TypeError(`Row ${i} has no input_ids: collate tokenized rows (each { input_ids: number[], attention_mask?: number[] }).`);
      }
      checkTokenIds(r.input_ids, "DataCollatorForLanguageModeling", i, "input_ids");
      if (r.attention_mask) checkTokenIds(r.attention_mask, "DataCollatorForLanguageModeling", i, "attention_mask");
    });
    const tok = this.tokenizer;
    let length = Math.max(...rows.map((r) => r.input_ids.length));
    if (this.padToMultipleOf) length = Math.ceil(length / this.padToMultipleOf) * this.padToMultipleOf;
    const needsPad = rows.some((r) => r.input_ids.length !== length);
    if (needsPad && tok.padTokenId === null) {
      throw new Error("Asking to pad but the tokenizer does not have a padding token: set one first, e.g. tokenizer.padToken = tokenizer.eosToken.");
    }
    const pad = tok.padTokenId ?? 0;
    const left = tok.paddingSide === "left";
    const B = rows.length;
    const inputIds = new Int32Array(B * length).fill(pad);
    const attentionMask = new Int32Array(B * length);
    const special = new Uint8Array(B * length).fill(1);
    const specialIds = new Set(tok.allSpecialIds);
    rows.forEach((r, b) => {
      const n = r.input_ids.length;
      const at = b * length + (left ? length - n : 0);
      for (let t = 0; t < n; t++) {
        const id = r.input_ids[t];
        inputIds[at + t] = id;
        attentionMask[at + t] = r.attention_mask ? r.attention_mask[t] : 1;
        special[at + t] = r.special_tokens_mask ? (r.special_tokens_mask[t] ? 1 : 0) : specialIds.has(id) ? 1 : 0;
      }
    });
    const labels = new Int32Array(B * length);
    const actions: (MaskingAction | null)[] = new Array(B * length).fill(null);
    let maskable = 0;
    for (const s of special) if (!s) maskable++;
    if (!this.mlm) {
      for (let i = 0; i < labels.length; i++) labels[i] = tok.padTokenId !== null && inputIds[i] === tok.padTokenId ? -100 : inputIds[i];
      return { batch: B, length, inputIds, attentionMask, labels, actions, maskable };
    }
    // As torch_mask_tokens: four full draws over the batch, in the same order.
    const N = B * length;
    const p = this.mlmProbability;
    const rng = this.rng;
    const selected = new Uint8Array(N);
    for (let i = 0; i < N; i++) selected[i] = rng.next() < (special[i] ? 0 : p) ? 1 : 0;
    const replaced = new Uint8Array(N);
    for (let i = 0; i < N; i++) replaced[i] = rng.next() < 0.8 && selected[i] ? 1 : 0;
    const randomized = new Uint8Array(N);
    for (let i = 0; i < N; i++) randomized[i] = rng.next() < 0.5 && selected[i] && !replaced[i] ? 1 : 0;
    const randomIds = new Int32Array(N);
    for (let i = 0; i < N; i++) randomIds[i] = rng.int(tok.vocabSize);
    for (let i = 0; i < N; i++) {
      labels[i] = selected[i] ? inputIds[i] : -100;
      if (replaced[i]) {
        inputIds[i] = tok.maskTokenId!;
        actions[i] = "mask";
      } else if (randomized[i]) {
        inputIds[i] = randomIds[i];
        actions[i] = "random";
      } else if (selected[i]) actions[i] = "kept";
    }
    return { batch: B, length, inputIds, attentionMask, labels, actions, maskable };
  }

  private view(c: Collated): BatchView {
    const counts = { maskable: c.maskable, selected: 0, mask: 0, random: 0, kept: 0 };
    for (const a of c.actions) {
      if (a) {
        counts.selected++;
        counts[a]++;
      }
    }
    const names = this.tokenizer.convertIdsToTokens?.bind(this.tokenizer);
    const sequences: BatchSequenceView[] = [];
    for (let b = 0; b < Math.min(c.batch, MAX_SHOWN); b++) {
      const span = [b * c.length, (b + 1) * c.length] as const;
      const ids = Array.from(c.inputIds.subarray(...span));
      const labels = Array.from(c.labels.subarray(...span));
      const seq: BatchSequenceView = { input_ids: ids, labels, attention_mask: Array.from(c.attentionMask.subarray(...span)), masking: c.actions.slice(...span) };
      if (names) {
        seq.tokens = names(ids).map((t) => t ?? "");
        seq.label_tokens = labels.map((l) => (l === -100 ? null : (names([l])[0] ?? null)));
      }
      sequences.push(seq);
    }
    return { mlmProbability: this.mlmProbability, numSequences: c.batch, sequenceLength: c.length, sequences, counts };
  }
}
