// MIME.batch: a batch DataCollatorForLanguageModeling collated, per sequence the ids, the labels
// and what masking did at each selected position (became <mask>, a random token, or kept as is).

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
  /** Sequences shown (the first few; numSequences says how many there are). */
  sequences: BatchSequenceView[];
  counts: { maskable: number; selected: number; mask: number; random: number; kept: number };
}

export function isBatchView(data: unknown): data is BatchView {
  const d = data as Partial<BatchView> | null;
  return typeof d === "object" && d !== null && Array.isArray(d.sequences) && typeof d.counts === "object";
}
