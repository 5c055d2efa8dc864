// Tokenizers: AutoTokenizer and the byte-level BPE tokenizer it builds (RoBERTa / GPT-2 family).
export { AutoTokenizer, type FromPretrainedOptions } from "./auto-tokenizer";
export {
  PreTrainedTokenizerFast,
  type BatchEncoding,
  type DecodeOptions,
  type Encoding,
  type TokenizerCallOptions,
  type TokenizerOverrides,
} from "./tokenizer";
export { TokenizerFileError, TokenizerInputError } from "./errors";
export type { PaddingOption, TruncationOption } from "./truncation";
