// Special tokens a post-processor puts around the sequences, as a template: an id is a special
// token, "A" and "B" stand for the first and second sequence. RobertaProcessing is
// <s> A </s> and <s> A </s></s> B </s>; ByteLevel adds nothing.

export type TemplatePiece = number | "A" | "B";

export interface PostProcessor {
  single: TemplatePiece[];
  pair: TemplatePiece[];
}

export const NO_SPECIAL_TOKENS: PostProcessor = { single: ["A"], pair: ["A", "B"] };

export function robertaProcessor(clsId: number, sepId: number): PostProcessor {
  return { single: [clsId, "A", sepId], pair: [clsId, "A", sepId, sepId, "B", sepId] };
}

export function bertProcessor(clsId: number, sepId: number): PostProcessor {
  return { single: [clsId, "A", sepId], pair: [clsId, "A", sepId, "B", sepId] };
}

/** How many special tokens the template adds (tokenizers' added_tokens(is_pair)). */
export function addedCount(processor: PostProcessor, pair: boolean): number {
  return (pair ? processor.pair : processor.single).filter((p) => typeof p === "number").length;
}

/**
 * Fills the template: ids into `ids`, 1 for each special token into `specialMask`, from index 0;
 * returns the length.
 */
export function applyTemplate(
  template: readonly TemplatePiece[],
  a: Int32Array,
  b: Int32Array | null,
  ids: Int32Array,
  specialMask: Uint8Array,
): number {
  let n = 0;
  for (const piece of template) {
    if (typeof piece === "number") {
      ids[n] = piece;
      specialMask[n++] = 1;
      continue;
    }
    const seq = piece === "A" ? a : b;
    if (!seq) continue;
    ids.set(seq, n);
    specialMask.fill(0, n, n + seq.length);
    n += seq.length;
  }
  return n;
}
