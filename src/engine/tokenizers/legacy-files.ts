// vocab.json + merges.txt (the "slow" tokenizer files) → the same spec tokenizer.json would
// give, as transformers' RobertaConverter / GPT2Converter build it.
import type { AddedToken } from "./added-tokens";
import { TokenizerFileError } from "./errors";
import { NO_SPECIAL_TOKENS, robertaProcessor } from "./post-processor";
import type { TokenizerFamily } from "./tokenizer-classes";
import { SPECIAL_TOKEN_NAMES, type TokenizerConfig } from "./tokenizer-config";
import { isObject, parseJsonFile, type TokenizerSpec } from "./tokenizer-json";

export function specFromVocabAndMerges(
  vocabFile: string,
  vocabText: string,
  mergesFile: string,
  mergesText: string,
  config: TokenizerConfig,
  family: TokenizerFamily,
): TokenizerSpec {
  const root = parseJsonFile(vocabFile, vocabText);
  if (!isObject(root)) throw new TokenizerFileError(vocabFile, "must hold a JSON object of token → id");
  const vocab = new Map<string, number>();
  for (const [token, id] of Object.entries(root)) {
    if (!Number.isInteger(id) || (id as number) < 0) throw new TokenizerFileError(vocabFile, `the id of ${JSON.stringify(token)} is ${JSON.stringify(id)}; ids must be integers ≥ 0`);
    vocab.set(token, id as number);
  }
  const merges: Array<[string, string]> = [];
  mergesText.split("\n").forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line === "" || (i === 0 && line.startsWith("#version"))) return;
    const parts = line.split(" ");
    if (parts.length !== 2) throw new TokenizerFileError(mergesFile, `line ${i + 1} is ${JSON.stringify(line)}; each line must be two tokens separated by one space`);
    merges.push([parts[0], parts[1]]);
  });

  // Special tokens become added tokens, with the ids the vocabulary gives them (new ids after it otherwise).
  let nextId = Math.max(-1, ...vocab.values()) + 1;
  const added = new Map<string, AddedToken>();
  for (const t of config.addedTokensDecoder) added.set(t.content, t);
  const names = [...SPECIAL_TOKEN_NAMES.map((n) => config.specialTokens[n]), ...config.additionalSpecialTokens];
  for (const content of names) {
    if (!content || added.has(content)) continue;
    const flags = config.specialTokenFlags.get(content) ?? {};
    const isMask = family === "roberta" && content === config.specialTokens.mask;
    added.set(content, {
      id: vocab.get(content) ?? nextId++,
      content,
      singleWord: flags.singleWord ?? false,
      lstrip: flags.lstrip ?? isMask,
      rstrip: flags.rstrip ?? false,
      normalized: flags.normalized ?? false,
      special: true,
    });
  }
  const idOf = (name: "cls" | "sep"): number => {
    const token = config.specialTokens[name];
    const id = token ? added.get(token)?.id ?? vocab.get(token) : undefined;
    if (id === undefined) throw new TokenizerFileError(vocabFile, `RoBERTa needs a ${name}_token in the vocabulary, and ${JSON.stringify(token ?? null)} is not there`);
    return id;
  };
  return {
    model: { vocab, merges, unkToken: null, ignoreMerges: false, source: mergesFile },
    addedTokens: [...added.values()],
    preTokenizer: { addPrefixSpace: config.addPrefixSpace, useRegex: true },
    postProcessor: family === "roberta" ? robertaProcessor(idOf("cls"), idOf("sep")) : NO_SPECIAL_TOKENS,
  };
}
