// Padding and truncation options resolved the way transformers' _get_padding_truncation_strategies
// does, and the lengths tokenizers' truncate_encodings keeps.
import { TokenizerInputError } from "./errors";

export type PaddingOption = boolean | "longest" | "max_length" | "do_not_pad";
export type TruncationOption = boolean | "longest_first" | "only_first" | "only_second" | "do_not_truncate";
export type TruncationStrategy = "longest_first" | "only_first" | "only_second";

export interface ResolvedStrategies {
  padding: "none" | "longest" | "max_length";
  truncation: TruncationStrategy | null;
  maxLength: number | null;
}

/** transformers' LARGE_INTEGER: a model_max_length above it means "no predefined maximum". */
const LARGE_INTEGER = 1e20;

export function resolveStrategies(
  padding: PaddingOption | undefined,
  truncation: TruncationOption | undefined,
  maxLength: number | null | undefined,
  modelMaxLength: number,
  warnOnce: (key: string, message: string) => void,
): ResolvedStrategies {
  if (maxLength !== undefined && maxLength !== null && (!Number.isInteger(maxLength) || maxLength < 0)) {
    throw new TokenizerInputError(`maxLength is ${maxLength}; it must be a whole number ≥ 0 (or null for the model's ${modelMaxLength}).`);
  }
  let pad: ResolvedStrategies["padding"];
  if (padding === undefined || padding === false || padding === "do_not_pad") pad = "none";
  else if (padding === true || padding === "longest") pad = "longest";
  else if (padding === "max_length") pad = "max_length";
  else throw new TokenizerInputError(`padding is ${JSON.stringify(padding)}; use true / "longest", "max_length", or false.`);

  let trunc: TruncationStrategy | null;
  if (truncation === undefined) {
    trunc = null;
    if (maxLength !== undefined && maxLength !== null && pad === "none") {
      warnOnce(
        "truncation-not-explicit",
        "Truncation was not explicitly activated but `max_length` is provided a specific value, please use `truncation=True` to explicitly truncate examples to max length. Defaulting to 'longest_first' truncation strategy. If you encode pairs of sequences (GLUE-style) with the tokenizer you can select this strategy more precisely by providing a specific strategy to `truncation`.",
      );
      trunc = "longest_first";
    }
  } else if (truncation === false || truncation === "do_not_truncate") trunc = null;
  else if (truncation === true || truncation === "longest_first") trunc = "longest_first";
  else if (truncation === "only_first" || truncation === "only_second") trunc = truncation;
  else throw new TokenizerInputError(`truncation is ${JSON.stringify(truncation)}; use true / "longest_first", "only_first", "only_second", or false.`);

  let max = maxLength ?? null;
  if (max === null) {
    if (pad === "max_length") {
      if (modelMaxLength > LARGE_INTEGER) {
        warnOnce("pad-no-max", "Asking to pad to max_length but no maximum length is provided and the model has no predefined maximum length. Default to no padding.");
        pad = "none";
      } else max = modelMaxLength;
    }
    if (trunc !== null) {
      if (modelMaxLength > LARGE_INTEGER) {
        warnOnce("truncate-no-max", "Asking to truncate to max_length but no maximum length is provided and the model has no predefined maximum length. Default to no truncation.");
        trunc = null;
      } else max = modelMaxLength;
    }
  }
  return { padding: pad, truncation: trunc, maxLength: max };
}

/**
 * Lengths to keep of the first and second sequence (n2 = -1 without a pair) so that together
 * they fit `max` (already net of special tokens), as tokenizers' truncate_encodings computes them.
 */
export function truncatedLengths(n1: number, n2: number, max: number, strategy: TruncationStrategy): [number, number] {
  const total = n1 + Math.max(n2, 0);
  if (total <= max) return [n1, n2];
  if (max === 0) return [0, n2 < 0 ? -1 : 0];
  const toRemove = total - max;
  if (strategy === "longest_first") {
    if (n2 < 0) return [n1 - toRemove, -1];
    let short = Math.min(n1, n2);
    let long = Math.max(n1, n2);
    long = short > max ? short : Math.max(short, max - short);
    if (short + long > max) {
      short = Math.floor(max / 2);
      long = short + (max % 2);
    }
    return n1 > n2 ? [long, short] : [short, long];
  }
  if (strategy === "only_second" && n2 < 0) throw new TokenizerInputError(`truncation "only_second" needs a second sequence (textPair); use "longest_first" or "only_first" for single texts.`);
  const target = strategy === "only_first" ? n1 : n2;
  if (target <= toRemove) {
    throw new TokenizerInputError(
      `truncation "${strategy}" cannot fit maxLength ${max}: the ${strategy === "only_first" ? "first" : "second"} sequence has ${target} tokens but ${toRemove} must go. Use "longest_first" or a larger maxLength.`,
    );
  }
  return strategy === "only_first" ? [n1 - toRemove, n2] : [n1, n2 - toRemove];
}
