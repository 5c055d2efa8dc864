// pipeline("fill-mask"): the tutorial's inference. For each <mask> in a text, the topK tokens by
// probability (softmax of the logits at that position), as transformers' FillMaskPipeline
// returns them: { score, token, token_str, sequence }.
import * as tf from "@tensorflow/tfjs";
import { ready } from "../backend/choose";
import { AutoModelForMaskedLM, type FromPretrainedOptions } from "../models/auto";
import type { RobertaForMaskedLM } from "../models/roberta-for-masked-lm";
import { type MimeBundle, REPR_MIMEBUNDLE } from "../runtime/display";
import { recordCall } from "../runtime/record";
import { AutoTokenizer } from "../tokenizers/index";

/** Same string as MIME.fillMask in src/api/mime.ts (the engine may not import src/api). */
export const FILL_MASK_MIME = "application/vnd.mlm-notebook.fill-mask+json";

/** What fill-mask needs of a tokenizer (AutoTokenizer's have it). */
export interface FillMaskTokenizer {
  maskTokenId: number | null;
  maskToken: string | null;
  encode(text: string): number[];
  decode(ids: ArrayLike<number>, options?: { skipSpecialTokens?: boolean }): string;
}

export interface FillMaskResult {
  score: number;
  token: number;
  token_str: string;
  sequence: string;
}

export interface FillMaskOptions {
  topK?: number;
}

/** One text with one <mask> gives FillMaskResult[]; with several, one list per mask (as transformers). */
export type FillMaskOutput = FillMaskResult[] | FillMaskResult[][];

export interface FillMaskPipeline {
  (text: string, options?: FillMaskOptions): Promise<FillMaskOutput>;
  readonly task: "fill-mask";
  readonly model: RobertaForMaskedLM;
  readonly tokenizer: FillMaskTokenizer;
}

export interface PipelineOptions extends FromPretrainedOptions {
  /** A tokenizer, or where to load one; default: the model's repo or folder. */
  tokenizer?: FillMaskTokenizer | string;
  topK?: number;
}

export async function pipeline(task: "fill-mask", model: string | RobertaForMaskedLM, options: PipelineOptions = {}): Promise<FillMaskPipeline> {
  if (task !== "fill-mask") throw new Error(`Unknown pipeline task "${String(task)}": only "fill-mask" is available.`);
  recordCall("pipeline", { task, ...(typeof model === "string" ? { model } : {}), ...(options.topK ? { topK: options.topK } : {}) });
  await ready();
  const { tokenizer: tokSpec, topK: defaultTopK = 5, ...load } = options;
  const m = typeof model === "string" ? await AutoModelForMaskedLM.fromPretrained(model, load) : model;
  const source = tokSpec ?? (typeof model === "string" ? model : undefined);
  if (source === undefined) throw new Error('pipeline("fill-mask", model) with a model object needs { tokenizer }: pass the tokenizer you trained with.');
  const tokenizer = typeof source === "string" ? ((await AutoTokenizer.fromPretrained(source, load)) as unknown as FillMaskTokenizer) : source;
  if (tokenizer.maskTokenId === null) throw new Error("This tokenizer has no mask token, so fill-mask cannot run: use the masked-LM model's own tokenizer.");
  const run = async (text: string, o: FillMaskOptions = {}): Promise<FillMaskOutput> => {
    recordCall("fillMask", { text, topK: o.topK ?? defaultTopK });
    return withView(fillMask(m, tokenizer, text, o.topK ?? defaultTopK), text);
  };
  return Object.assign(run, { task: "fill-mask" as const, model: m, tokenizer });
}

function fillMask(model: RobertaForMaskedLM, tok: FillMaskTokenizer, text: string, topK: number): FillMaskOutput {
  if (typeof text !== "string") throw new TypeError(`fill-mask takes a text with ${tok.maskToken}; got ${typeof text}.`);
  if (!(Number.isInteger(topK) && topK > 0)) throw new RangeError(`topK must be a positive integer, got ${topK}.`);
  const ids = tok.encode(text);
  const maskAt = ids.flatMap((id, i) => (id === tok.maskTokenId ? [i] : []));
  if (maskAt.length === 0) throw new Error(`No mask_token (${tok.maskToken}) found in the input: put ${tok.maskToken} where a word should be predicted.`);
  const k = Math.min(topK, model.config.vocabSize);
  const { values, indices } = tf.tidy(() => {
    const out = model.forward({ input_ids: [ids] });
    const rows = tf.gather(tf.reshape(out.logits!, [ids.length, -1]), tf.tensor1d(maskAt, "int32"));
    const top = tf.topk(tf.softmax(rows), k);
    return { values: top.values.arraySync() as number[][], indices: top.indices.arraySync() as number[][] };
  });
  const single = maskAt.length === 1;
  const perMask = maskAt.map((pos, m) =>
    indices[m].map((token, j) => {
      const filled = [...ids];
      filled[pos] = token;
      return { score: values[m][j], token, token_str: tok.decode([token]), sequence: tok.decode(filled, { skipSpecialTokens: single }) };
    }),
  );
  return single ? perMask[0] : perMask;
}

function withView(results: FillMaskOutput, text: string): FillMaskOutput {
  const lists = (Array.isArray(results[0]) ? results : [results]) as FillMaskResult[][];
  Object.defineProperty(results, REPR_MIMEBUNDLE, {
    enumerable: false,
    value: (): MimeBundle => ({
      [FILL_MASK_MIME]: { text, masks: lists },
      "text/plain": lists.map((l) => l.map((r) => `${r.score.toFixed(4)}  ${JSON.stringify(r.token_str)}  ${r.sequence}`).join("\n")).join("\n\n"),
    }),
  });
  return results;
}
