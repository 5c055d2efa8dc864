// savePretrained: the tokenizer's files in a folder that fromPretrained (here or in transformers)
// reads back as an equal tokenizer. The model files are written as they were read; the two
// config files are rewritten with the current special tokens and settings (pad = eos included).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeFolder, WriteFailedError } from "../runtime/write-files";
import type { AddedToken } from "./added-tokens";
import type { BpeModelSpec } from "./bpe-model";
import type { LoadedFiles } from "./loaded-files";
import { SPECIAL_TOKEN_NAMES, type SpecialTokenName, type TokenizerConfig } from "./tokenizer-config";
import { isObject } from "./tokenizer-json";

export interface SaveParts {
  files: LoadedFiles;
  model: BpeModelSpec;
  specials: Record<SpecialTokenName, string | null>;
  additionalSpecialTokens: string[];
  addedTokens: AddedToken[];
  config: TokenizerConfig;
}

const MODEL_FILES = ["tokenizer.json", "vocab.json", "merges.txt"];
const CLASS_NAMES = { roberta: "RobertaTokenizer", gpt2: "GPT2Tokenizer" } as const;

/** Writes the files into `folder` (created if needed); returns their paths. */
export async function writeTokenizerFiles(folder: string, parts: SaveParts): Promise<string[]> {
  const failed = (e: unknown): never => {
    throw new WriteFailedError(folder, "the tokenizer", e);
  };
  await makeFolder(folder).catch(failed);
  const written: string[] = [];
  const write = async (name: string, text: string): Promise<void> => {
    await writeFile(join(folder, name), text).catch(failed);
    written.push(join(folder, name));
  };
  for (const name of MODEL_FILES) {
    const text = parts.files.texts.get(name) ?? slowFile(name, parts.model);
    if (text !== null) await write(name, text);
  }

  const byContent = new Map(parts.addedTokens.map((t) => [t.content, t]));
  // A token with strip flags is written as transformers writes an AddedToken, so the flags survive.
  const tokenValue = (token: string): string | Record<string, unknown> => {
    const t = byContent.get(token);
    return t && (t.lstrip || t.rstrip || t.singleWord) ? { content: token, lstrip: t.lstrip, normalized: t.normalized, rstrip: t.rstrip, single_word: t.singleWord } : token;
  };
  const specials: Record<string, unknown> = {};
  // tokenizer_config.json names them as plain strings (their flags are in added_tokens_decoder), as
  // transformers writes it: transformers 5 refuses a dict there ("has to be either str or AddedToken").
  const plainSpecials: Record<string, unknown> = {};
  for (const name of SPECIAL_TOKEN_NAMES) {
    const token = parts.specials[name];
    specials[`${name}_token`] = token === null ? null : tokenValue(token);
    plainSpecials[`${name}_token`] = token;
  }
  if (parts.additionalSpecialTokens.length) {
    specials.additional_special_tokens = parts.additionalSpecialTokens.map(tokenValue);
    plainSpecials.additional_special_tokens = [...parts.additionalSpecialTokens];
  }

  const original = parts.files.texts.get("tokenizer_config.json");
  const base: Record<string, unknown> = original ? (JSON.parse(original) as Record<string, unknown>) : {};
  const { config, files } = parts;
  const tokenizerConfig: Record<string, unknown> = {
    ...(isObject(base) ? base : {}),
    added_tokens_decoder: Object.fromEntries(
      [...parts.addedTokens].sort((a, b) => a.id - b.id).map((t) => [String(t.id), { content: t.content, lstrip: t.lstrip, normalized: t.normalized, rstrip: t.rstrip, single_word: t.singleWord, special: t.special }]),
    ),
    ...plainSpecials,
    clean_up_tokenization_spaces: config.cleanUpTokenizationSpaces,
    model_max_length: config.modelMaxLength,
    padding_side: config.paddingSide,
    truncation_side: config.truncationSide,
  };
  const cls = config.tokenizerClass ?? (files.family ? CLASS_NAMES[files.family] : null);
  if (cls) tokenizerConfig.tokenizer_class = cls;
  await write("tokenizer_config.json", JSON.stringify(tokenizerConfig, null, 2) + "\n");
  await write("special_tokens_map.json", JSON.stringify(Object.fromEntries(Object.entries(specials).filter(([, v]) => v !== null)), null, 2) + "\n");
  return written;
}

/**
 * vocab.json and merges.txt when they were not read (tokenizer.json was), as tokenizers' BPE
 * model save writes them: the vocabulary by id, merges after a "#version: 0.2" line.
 */
function slowFile(name: string, model: BpeModelSpec): string | null {
  if (name === "vocab.json") return JSON.stringify(Object.fromEntries([...model.vocab].sort((a, b) => a[1] - b[1])));
  if (name === "merges.txt") return "#version: 0.2\n" + model.merges.map(([a, b]) => `${a} ${b}\n`).join("");
  return null;
}
