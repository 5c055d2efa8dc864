// The transformers tokenizer classes this engine stands in for, and the special tokens each
// class defines by default: distilroberta-base's tokenizer_config.json is only
// {"model_max_length": 512}, so its <s>, </s>, <pad>, <mask>... come from RobertaTokenizerFast.
import type { SpecialTokenName, TokenizerConfig } from "./tokenizer-config";

export type TokenizerFamily = "roberta" | "gpt2";

const DEFAULTS: Record<TokenizerFamily, Partial<Record<SpecialTokenName, string>>> = {
  roberta: { bos: "<s>", eos: "</s>", sep: "</s>", cls: "<s>", unk: "<unk>", pad: "<pad>", mask: "<mask>" },
  gpt2: { bos: "<|endoftext|>", eos: "<|endoftext|>", unk: "<|endoftext|>" },
};

/** The family a tokenizer_class ("RobertaTokenizerFast") or a config.json model_type ("roberta") names, or null. */
export function tokenizerFamily(name: string | null): TokenizerFamily | null {
  if (!name) return null;
  const n = name.toLowerCase();
  if (n.startsWith("roberta")) return "roberta";
  if (n.startsWith("gpt2")) return "gpt2";
  return null;
}

/** Fills the special tokens the files leave unset (an explicit null stays null) with the class's defaults. */
export function applyClassDefaults(config: TokenizerConfig, family: TokenizerFamily): void {
  for (const [name, token] of Object.entries(DEFAULTS[family]) as Array<[SpecialTokenName, string]>) {
    if (config.specialTokens[name] === undefined) config.specialTokens[name] = token;
  }
}
