// How a collated batch shows itself in a notebook: per sequence the ids, the labels and what
// masking did at each selected position (became <mask>, a random token, or kept as is); as HTML
// too, for viewers outside the app.
import { MIME } from "../../api/mime";
import type { BatchSequenceView, BatchView, MaskingAction } from "../../api/payloads/batch";
import { type MimeBundle, REPR_MIMEBUNDLE } from "../runtime/display";
import { batchHtml } from "./batch-html";

export type { BatchSequenceView, BatchView, MaskingAction };

/** The batch view's MIME type, under the engine's name for it. */
export const BATCH_MIME = MIME.batch;

/** Sequences a view shows at most. */
export const MAX_SHOWN = 32;

/**
 * Adds the notebook view to a batch object, as a symbol key that tf.dispose and Object.keys ignore.
 * The view is made when first shown: the Trainer collates a batch every step and shows none, and
 * making each one's tokens and labels was most of a collation's garbage.
 */
export function attachView<T extends object>(batch: T, makeView: () => BatchView): T {
  let view: BatchView | null = null;
  Object.defineProperty(batch, REPR_MIMEBUNDLE, {
    enumerable: false,
    value: (): MimeBundle => {
      view ??= makeView();
      return { [BATCH_MIME]: view, "text/html": batchHtml(view), "text/plain": describe(view) };
    },
  });
  return batch;
}

function describe(v: BatchView): string {
  const c = v.counts;
  const share = c.maskable ? ((100 * c.selected) / c.maskable).toFixed(1) : "0";
  return `Batch of ${v.numSequences} × ${v.sequenceLength}: ${c.selected} of ${c.maskable} maskable tokens selected (${share}%): ${c.mask} → <mask>, ${c.random} → random, ${c.kept} kept`;
}
