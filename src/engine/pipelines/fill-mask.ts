// pipeline("fill-mask"): the tutorial's inference. For each <mask> in a text (or in each of a list
// of texts), the topK tokens by probability (softmax of the logits at that position), optionally
// among given targets only, as transformers' FillMaskPipeline returns them: { score, token,
// token_str, sequence }, in its shapes.
import * as tf from "@tensorflow/tfjs";
import { MIME } from "../../api/mime";
import type { FillMaskPayload, FillMaskResult } from "../../api/payloads/fill-mask";
import { ready } from "../backend/choose";
import { AutoModelForMaskedLM, type FromPretrainedOptions } from "../models/auto";
import type { RobertaForMaskedLM } from "../models/roberta-for-masked-lm";
import { type MimeBundle, REPR_MIMEBUNDLE } from "../runtime/display";
import { recordCall } from "../runtime/record";
import { fillMaskHtml } from "./fill-mask-html";
import { AutoTokenizer } from "../tokenizers/index";

export type { FillMaskPayload, FillMaskResult };

/** The fill-mask view's MIME type, under the engine's name for it. */
export const FILL_MASK_MIME = MIME.fillMask;

/** What fill-mask needs of a tokenizer (AutoTokenizer's have it). */
export interface FillMaskTokenizer {
  maskTokenId: number | null;
  maskToken: string | null;
  padTokenId: number | null;
  encode(text: string, options?: { addSpecialTokens?: boolean }): number[];
  decode(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string;
  getVocab(): Record<string, number>;
  convertIdsToTokens(ids: number[]): string[];
}

export interface FillMaskOptions {
  topK?: number;
  /**
   * Score only these (transformers' targets): tokens of the vocabulary ("Ġblue"), or else words
   * whose first token stands in, with a warning. topK is then at most their number.
   */
  targets?: string | string[];
}

/** One text with one <mask> gives FillMaskResult[]; with several, one list per mask (as transformers). */
export type FillMaskOutput = FillMaskResult[] | FillMaskResult[][];

export interface FillMaskPipeline {
  (text: string, options?: FillMaskOptions): Promise<FillMaskOutput>;
  /** One output per text; a list of one text gives that text's output alone, as transformers does. */
  (texts: string[], options?: FillMaskOptions): Promise<FillMaskOutput[] | FillMaskOutput>;
  readonly task: "fill-mask";
  readonly model: RobertaForMaskedLM;
  readonly tokenizer: FillMaskTokenizer;
}

export interface PipelineOptions extends FromPretrainedOptions {
  /** A tokenizer, or where to load one; default: the model's repo or folder. */
  tokenizer?: FillMaskTokenizer | string;
  topK?: number;
  targets?: string | string[];
}

export async function pipeline(task: "fill-mask", model: string | RobertaForMaskedLM, options: PipelineOptions = {}): Promise<FillMaskPipeline> {
  if (task !== "fill-mask") throw new Error(`Unknown pipeline task "${String(task)}": only "fill-mask" is available.`);
  const { tokenizer: tokSpec, topK: defaultTopK = 5, targets: defaultTargets, ...load } = options;
  recordCall("pipeline", { task, ...(typeof model === "string" ? { model } : {}), ...(options.topK ? { topK: options.topK } : {}), ...(defaultTargets !== undefined ? { targets: defaultTargets } : {}) });
  await ready();
  const m = typeof model === "string" ? await AutoModelForMaskedLM.fromPretrained(model, load) : model;
  const source = tokSpec ?? (typeof model === "string" ? model : undefined);
  if (source === undefined) throw new Error('pipeline("fill-mask", model) with a model object needs { tokenizer }: pass the tokenizer you trained with.');
  const tokenizer = typeof source === "string" ? ((await AutoTokenizer.fromPretrained(source, load)) as unknown as FillMaskTokenizer) : source;
  if (tokenizer.maskTokenId === null) throw new Error("This tokenizer has no mask token, so fill-mask cannot run: use the masked-LM model's own tokenizer.");
  const run = async (input: string | string[], o: FillMaskOptions = {}): Promise<FillMaskOutput | FillMaskOutput[]> => {
    const topK = o.topK ?? defaultTopK;
    const targets = o.targets ?? defaultTargets;
    recordCall("fillMask", { text: input, topK, ...(targets !== undefined ? { targets } : {}) });
    const targetIds = targets === undefined ? null : targetIdsOf(tokenizer, targets);
    const texts = Array.isArray(input) ? input : [input];
    const outputs = texts.map((text) => fillMask(m, tokenizer, text, topK, targetIds));
    const payloads = outputs.map((out, i): FillMaskPayload => ({ text: texts[i], masks: (Array.isArray(out[0]) ? out : [out]) as FillMaskResult[][] }));
    if (!Array.isArray(input) || outputs.length === 1) return withView(outputs[0], payloads);
    return withView(outputs, payloads);
  };
  return Object.assign(run as FillMaskPipeline, { task: "fill-mask" as const, model: m, tokenizer });
}

/** transformers' target lookup: the vocabulary first, else the word's first token (with a warning); duplicates once. */
function targetIdsOf(tok: FillMaskTokenizer, targets: string | string[]): number[] {
  const vocab = tok.getVocab();
  const ids = new Set<number>();
  for (const target of typeof targets === "string" ? [targets] : targets) {
    if (Object.hasOwn(vocab, target)) {
      ids.add(vocab[target]);
      continue;
    }
    const first = tok.encode(target, { addSpecialTokens: false })[0];
    if (first === undefined) {
      console.warn(`fill-mask: the target "${target}" is not in the vocabulary and tokenizes to nothing; it is left out.`);
      continue;
    }
    console.warn(`fill-mask: the target "${target}" is not in the vocabulary; its first token "${tok.convertIdsToTokens([first])[0]}" is scored instead.`);
    ids.add(first);
  }
  if (ids.size === 0) throw new Error("fill-mask: targets were passed but none is usable: give at least one word or token of the vocabulary.");
  return [...ids];
}

function fillMask(model: RobertaForMaskedLM, tok: FillMaskTokenizer, text: string, topK: number, targetIds: number[] | null): FillMaskOutput {
  if (typeof text !== "string") throw new TypeError(`fill-mask takes a text with ${tok.maskToken}, or a list of them; got ${typeof text}.`);
  if (!(Number.isInteger(topK) && topK > 0)) throw new RangeError(`topK must be a positive integer, got ${topK}.`);
  const ids = tok.encode(text);
  const maskAt = ids.flatMap((id, i) => (id === tok.maskTokenId ? [i] : []));
  if (maskAt.length === 0) throw new Error(`No mask_token (${tok.maskToken}) found in the input: put ${tok.maskToken} where a word should be predicted.`);
  const k = Math.min(topK, targetIds ? targetIds.length : model.config.vocabSize);
  const { values, indices } = tf.tidy(() => {
    const out = model.forward({ input_ids: [ids] });
    const rows = tf.gather(tf.reshape(out.logits!, [ids.length, -1]), tf.tensor1d(maskAt, "int32"));
    // As transformers: the softmax over the whole vocabulary, then only the targets' columns.
    const probs = targetIds ? tf.gather(tf.softmax(rows), tf.tensor1d(targetIds, "int32"), 1) : tf.softmax(rows);
    const top = tf.topk(probs, k);
    return { values: top.values.arraySync() as number[][], indices: top.indices.arraySync() as number[][] };
  });
  const single = maskAt.length === 1;
  const perMask = maskAt.map((pos, m) =>
    indices[m].map((index, j) => {
      const token = targetIds ? targetIds[index] : index;
      const filled = [...ids];
      filled[pos] = token;
      // transformers drops pad ids before decoding (they matter where pad_token = eos_token).
      const sequence = tok.decode(filled.filter((id) => id !== tok.padTokenId), { skipSpecialTokens: single });
      return { score: values[m][j], token, token_str: tok.decode([token]), sequence };
    }),
  );
  return single ? perMask[0] : perMask;
}

/** Adds the notebook view (the payloads as our MIME, HTML and text) under a symbol key that JSON and Object.keys ignore. */
function withView<T extends object>(results: T, payloads: FillMaskPayload[]): T {
  const text = (p: FillMaskPayload): string => p.masks.map((l) => l.map((r) => `${r.score.toFixed(4)}  ${JSON.stringify(r.token_str)}  ${r.sequence}`).join("\n")).join("\n\n");
  Object.defineProperty(results, REPR_MIMEBUNDLE, {
    enumerable: false,
    value: (): MimeBundle => ({
      [FILL_MASK_MIME]: payloads.length === 1 ? payloads[0] : payloads,
      "text/html": fillMaskHtml(payloads),
      "text/plain": payloads.map((p) => (payloads.length === 1 ? text(p) : `${p.text}\n${text(p)}`)).join("\n\n"),
    }),
  });
  return results;
}
