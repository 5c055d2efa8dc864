// tokenizer_config.json and special_tokens_map.json: special tokens, model_max_length, sides,
// decode clean-up. special_tokens_map.json overrides tokenizer_config.json, and options given to
// fromPretrained override both, in the order transformers applies them.
import type { AddedToken } from "./added-tokens";
import { TokenizerFileError } from "./errors";
import { isObject, parseAddedToken, parseJsonFile } from "./tokenizer-json";

export const SPECIAL_TOKEN_NAMES = ["bos", "eos", "unk", "sep", "pad", "cls", "mask"] as const;
export type SpecialTokenName = (typeof SPECIAL_TOKEN_NAMES)[number];

/** transformers' VERY_LARGE_INTEGER: the model_max_length of a tokenizer that does not set one. */
export const VERY_LARGE_INTEGER = 1e30;

export interface TokenizerConfig {
  specialTokens: Partial<Record<SpecialTokenName, string | null>>;
  /** Flags (lstrip, ...) a special token was declared with, for legacy vocab.json + merges.txt. */
  specialTokenFlags: Map<string, Partial<AddedToken>>;
  additionalSpecialTokens: string[];
  addedTokensDecoder: AddedToken[];
  modelMaxLength: number;
  paddingSide: "right" | "left";
  truncationSide: "right" | "left";
  cleanUpTokenizationSpaces: boolean;
  tokenizerClass: string | null;
  addPrefixSpace: boolean;
}

export function defaultConfig(): TokenizerConfig {
  return {
    specialTokens: {},
    specialTokenFlags: new Map(),
    additionalSpecialTokens: [],
    addedTokensDecoder: [],
    modelMaxLength: VERY_LARGE_INTEGER,
    paddingSide: "right",
    truncationSide: "right",
    // transformers' default since it stopped cleaning up by default; roberta's files do not set it.
    cleanUpTokenizationSpaces: false,
    tokenizerClass: null,
    addPrefixSpace: false,
  };
}

/** Applies one config file (tokenizer_config.json or special_tokens_map.json) onto `config`. */
export function applyConfigFile(config: TokenizerConfig, file: string, text: string): void {
  const root = parseJsonFile(file, text);
  if (!isObject(root)) throw new TokenizerFileError(file, "must hold a JSON object");
  const fail = (problem: string): never => {
    throw new TokenizerFileError(file, problem);
  };
  for (const name of SPECIAL_TOKEN_NAMES) {
    const key = `${name}_token`;
    if (!(key in root)) continue;
    const value = root[key];
    if (value === null) config.specialTokens[name] = null;
    else if (typeof value === "string") config.specialTokens[name] = value;
    else if (isObject(value) && typeof value.content === "string") {
      config.specialTokens[name] = value.content;
      config.specialTokenFlags.set(value.content, {
        lstrip: value.lstrip === true,
        rstrip: value.rstrip === true,
        singleWord: value.single_word === true,
        normalized: value.normalized !== false,
      });
    } else fail(`${key} is ${JSON.stringify(value)}; expected a token string, {"content": ...} or null`);
  }
  if ("additional_special_tokens" in root) {
    const list = root.additional_special_tokens;
    if (!Array.isArray(list)) fail(`additional_special_tokens must be an array`);
    config.additionalSpecialTokens = (list as unknown[]).map((t, i) =>
      typeof t === "string" ? t : isObject(t) && typeof t.content === "string" ? t.content : fail(`additional_special_tokens[${i}] must be a token string or {"content": ...}`),
    );
  }
  if ("added_tokens_decoder" in root) {
    const dec = root.added_tokens_decoder;
    if (!isObject(dec)) fail(`added_tokens_decoder must be an object of id → token`);
    config.addedTokensDecoder = Object.entries(dec as Record<string, unknown>).map(([id, t]) =>
      parseAddedToken(isObject(t) ? { ...t, id: Number(id) } : t, `added_tokens_decoder["${id}"]`, fail),
    );
  }
  if ("model_max_length" in root) {
    const v = root.model_max_length;
    if (typeof v !== "number" || !(v > 0)) fail(`model_max_length is ${JSON.stringify(v)}; expected a positive number`);
    config.modelMaxLength = v as number;
  }
  for (const [key, prop] of [["padding_side", "paddingSide"], ["truncation_side", "truncationSide"]] as const) {
    if (!(key in root)) continue;
    const v = root[key];
    if (v !== "right" && v !== "left") fail(`${key} is ${JSON.stringify(v)}; expected "right" or "left"`);
    config[prop] = v as "right" | "left";
  }
  if (typeof root.clean_up_tokenization_spaces === "boolean") config.cleanUpTokenizationSpaces = root.clean_up_tokenization_spaces;
  if (typeof root.tokenizer_class === "string") config.tokenizerClass = root.tokenizer_class;
  if (typeof root.add_prefix_space === "boolean") config.addPrefixSpace = root.add_prefix_space;
}
