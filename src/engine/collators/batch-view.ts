// How a collated batch shows itself in a notebook: per sequence the ids, the labels and what
// masking did at each selected position (became <mask>, a random token, or kept as is); as HTML
// too, for viewers outside the app.
import { type MimeBundle, REPR_MIMEBUNDLE } from "../runtime/display";
import { batchHtml } from "./batch-html";

/** Same string as MIME.batch in src/api/mime.ts (the engine may not import src/api). */
export const BATCH_MIME = "application/vnd.mlm-notebook.batch+json";

export type MaskingAction = "mask" | "random" | "kept";

export interface BatchSequenceView {
  input_ids: number[];
  labels: number[];
  attention_mask: number[];
  /** Per position: what masking did there, null where the position was not selected. */
  masking: (MaskingAction | null)[];
  /** Tokens of input_ids, and of the original ids at selected positions, when the tokenizer can name them. */
  tokens?: string[];
  label_tokens?: (string | null)[];
}

export interface BatchView {
  mlmProbability: number;
  numSequences: number;
  sequenceLength: number;
  /** Sequences shown (at most MAX_SHOWN; numSequences says how many there are). */
  sequences: BatchSequenceView[];
  counts: { maskable: number; selected: number; mask: number; random: number; kept: number };
}

export const MAX_SHOWN = 32;

/** Adds the notebook view to a batch object, as a symbol key that tf.dispose and Object.keys ignore. */
export function attachView<T extends object>(batch: T, view: BatchView): T {
  Object.defineProperty(batch, REPR_MIMEBUNDLE, {
    enumerable: false,
    value: (): MimeBundle => ({ [BATCH_MIME]: view, "text/html": batchHtml(view), "text/plain": describe(view) }),
  });
  return batch;
}

function describe(v: BatchView): string {
  const c = v.counts;
  const share = c.maskable ? ((100 * c.selected) / c.maskable).toFixed(1) : "0";
  return `Batch of ${v.numSequences} × ${v.sequenceLength}: ${c.selected} of ${c.maskable} maskable tokens selected (${share}%): ${c.mask} → <mask>, ${c.random} → random, ${c.kept} kept`;
}
