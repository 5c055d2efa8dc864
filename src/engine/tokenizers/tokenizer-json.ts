// tokenizer.json (the tokenizers library's serialization) → the parts this engine runs:
// a byte-level BPE model, added tokens, the ByteLevel pre-tokenizer, a post-processor template
// and the ByteLevel decoder. Anything else is refused with the field that is not supported.
import type { AddedToken } from "./added-tokens";
import type { BpeModelSpec } from "./bpe-model";
import type { PreTokenizerSpec } from "./encoder";
import { TokenizerFileError } from "./errors";
import { NO_SPECIAL_TOKENS, bertProcessor, robertaProcessor, type PostProcessor, type TemplatePiece } from "./post-processor";

export interface TokenizerSpec {
  model: BpeModelSpec;
  addedTokens: AddedToken[];
  preTokenizer: PreTokenizerSpec;
  postProcessor: PostProcessor;
}

type Json = Record<string, unknown>;

const SUPPORTED = "This engine runs byte-level BPE tokenizers (the GPT-2 / RoBERTa family).";

export function parseJsonFile(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
}

export function parseTokenizerJson(file: string, text: string): TokenizerSpec {
  const root = parseJsonFile(file, text);
  if (!isObject(root)) throw new TokenizerFileError(file, "must hold a JSON object");
  const fail = (problem: string): never => {
    throw new TokenizerFileError(file, problem);
  };
  const unsupported = (field: string, value: unknown): never => {
    throw new TokenizerFileError(file, `${field} is ${JSON.stringify(value)}, which is not supported`, SUPPORTED);
  };

  const model = root.model;
  if (!isObject(model)) fail(`has no "model" object`);
  const m = model as Json;
  if (m.type !== undefined && m.type !== "BPE") unsupported("model.type", m.type);
  if (!isObject(m.vocab)) fail(`model.vocab must be an object of token → id`);
  if (!Array.isArray(m.merges)) fail(`model.merges must be an array`);
  if ((m.continuing_subword_prefix ?? "") !== "" ) unsupported("model.continuing_subword_prefix", m.continuing_subword_prefix);
  if ((m.end_of_word_suffix ?? "") !== "") unsupported("model.end_of_word_suffix", m.end_of_word_suffix);
  if (m.dropout !== undefined && m.dropout !== null && m.dropout !== 0) unsupported("model.dropout", m.dropout);
  if (m.byte_fallback === true) unsupported("model.byte_fallback", true);
  if (m.unk_token !== undefined && m.unk_token !== null && typeof m.unk_token !== "string") fail(`model.unk_token must be a string or null`);

  // for-in and indexOf rather than Object.entries and split: 50k entries each, and loading time shows.
  const vocab = new Map<string, number>();
  const rawVocab = m.vocab as Json;
  for (const token in rawVocab) {
    const id = rawVocab[token];
    if (!Number.isInteger(id) || (id as number) < 0) fail(`model.vocab[${JSON.stringify(token)}] is ${JSON.stringify(id)}; ids must be integers ≥ 0`);
    vocab.set(token, id as number);
  }
  const rawMerges = m.merges as unknown[];
  const merges = new Array<[string, string]>(rawMerges.length);
  for (let i = 0; i < rawMerges.length; i++) {
    const entry = rawMerges[i];
    if (typeof entry === "string") {
      const space = entry.indexOf(" ");
      if (space > 0 && space < entry.length - 1 && entry.indexOf(" ", space + 1) === -1) {
        merges[i] = [entry.slice(0, space), entry.slice(space + 1)];
        continue;
      }
    } else if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string" && typeof entry[1] === "string") {
      merges[i] = [entry[0], entry[1]];
      continue;
    }
    fail(`model.merges[${i}] is ${JSON.stringify(entry)}; each merge must be "left right" or ["left", "right"]`);
  }

  if (root.normalizer !== null && root.normalizer !== undefined) unsupported("normalizer", typeName(root.normalizer));
  const preTokenizer = parsePreTokenizer(root.pre_tokenizer, unsupported);
  if (root.decoder !== null && root.decoder !== undefined && !(isObject(root.decoder) && root.decoder.type === "ByteLevel")) unsupported("decoder", typeName(root.decoder));

  const addedRaw = root.added_tokens ?? [];
  if (!Array.isArray(addedRaw)) fail(`added_tokens must be an array`);
  const addedTokens = (addedRaw as unknown[]).map((t, i) => parseAddedToken(t, `added_tokens[${i}]`, fail));

  const tokenId = (token: string, field: string): number => {
    const id = addedTokens.find((t) => t.content === token)?.id ?? vocab.get(token);
    return id ?? fail(`${field} names the token ${JSON.stringify(token)}, which is neither in model.vocab nor in added_tokens`);
  };
  const postProcessor = parsePostProcessor(root.post_processor, "post_processor", tokenId, fail, unsupported);

  return {
    model: { vocab, merges, unkToken: (m.unk_token as string | null | undefined) ?? null, ignoreMerges: m.ignore_merges === true, source: file },
    addedTokens,
    preTokenizer,
    postProcessor,
  };
}

function parsePreTokenizer(value: unknown, unsupported: (field: string, value: unknown) => never): PreTokenizerSpec {
  if (isObject(value) && value.type === "ByteLevel") {
    return { addPrefixSpace: value.add_prefix_space === true, useRegex: value.use_regex !== false };
  }
  return unsupported("pre_tokenizer", typeName(value));
}

export function parseAddedToken(value: unknown, field: string, fail: (problem: string) => never): AddedToken {
  if (!isObject(value)) return fail(`${field} must be an object`);
  if (!Number.isInteger(value.id) || (value.id as number) < 0) fail(`${field}.id must be an integer ≥ 0`);
  if (typeof value.content !== "string" || value.content === "") fail(`${field}.content must be a non-empty string`);
  return {
    id: value.id as number,
    content: value.content as string,
    singleWord: value.single_word === true,
    lstrip: value.lstrip === true,
    rstrip: value.rstrip === true,
    normalized: value.normalized !== false,
    special: value.special === true,
  };
}

function parsePostProcessor(
  value: unknown,
  field: string,
  tokenId: (token: string, field: string) => number,
  fail: (problem: string) => never,
  unsupported: (field: string, value: unknown) => never,
): PostProcessor {
  if (value === null || value === undefined) return NO_SPECIAL_TOKENS;
  if (!isObject(value)) return fail(`${field} must be an object or null`);
  const pairOf = (key: string): number => {
    const p = value[key];
    if (!Array.isArray(p) || typeof p[0] !== "string" || !Number.isInteger(p[1])) return fail(`${field}.${key} must be [token, id]`);
    return p[1] as number;
  };
  switch (value.type) {
    case "ByteLevel":
      return NO_SPECIAL_TOKENS;
    case "RobertaProcessing":
      return robertaProcessor(pairOf("cls"), pairOf("sep"));
    case "BertProcessing":
      return bertProcessor(pairOf("cls"), pairOf("sep"));
    case "TemplateProcessing":
      return parseTemplate(value, field, tokenId, fail);
    case "Sequence": {
      const steps = value.processors;
      if (!Array.isArray(steps)) return fail(`${field}.processors must be an array`);
      // ByteLevel steps only trim offsets; at most one step may add tokens.
      const adding = steps.map((s, i) => parsePostProcessor(s, `${field}.processors[${i}]`, tokenId, fail, unsupported)).filter((p) => p !== NO_SPECIAL_TOKENS);
      if (adding.length > 1) unsupported(`${field}.processors`, "several processors that add tokens");
      return adding[0] ?? NO_SPECIAL_TOKENS;
    }
    default:
      return unsupported(`${field}.type`, value.type);
  }
}

function parseTemplate(value: Json, field: string, tokenId: (token: string, field: string) => number, fail: (problem: string) => never): PostProcessor {
  const specials = isObject(value.special_tokens) ? value.special_tokens : {};
  const parse = (key: "single" | "pair"): TemplatePiece[] => {
    const list = value[key];
    if (!Array.isArray(list)) return fail(`${field}.${key} must be an array`);
    return list.flatMap((piece, i): TemplatePiece[] => {
      const at = `${field}.${key}[${i}]`;
      if (isObject(piece) && isObject(piece.Sequence)) {
        const id = piece.Sequence.id;
        if (id !== "A" && id !== "B") return fail(`${at}.Sequence.id must be "A" or "B"`);
        return [id];
      }
      if (isObject(piece) && isObject(piece.SpecialToken) && typeof piece.SpecialToken.id === "string") {
        const name = piece.SpecialToken.id;
        const entry = specials[name];
        if (isObject(entry) && Array.isArray(entry.ids) && entry.ids.every((x) => Number.isInteger(x))) return entry.ids as number[];
        return [tokenId(name, `${at}.SpecialToken`)];
      }
      return fail(`${at} must be {"Sequence": ...} or {"SpecialToken": ...}`);
    });
  };
  return { single: parse("single"), pair: parse("pair") };
}

function typeName(value: unknown): unknown {
  return isObject(value) && typeof value.type === "string" ? value.type : value;
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
