// What a tokenizer was read from, in a file of its own: the tokenizer (tokenizer.ts) keeps it and
// savePretrained (save-pretrained.ts) writes it back, and neither imports the other for it.
import type { TokenizerFamily } from "./tokenizer-classes";

/** The files a tokenizer was built from: where they are, their text, and the transformers class they belong to. */
export interface LoadedFiles {
  /** A local folder holding them (for a Hub repo, its snapshot in the HF cache), so a worker can read them again. */
  folder: string;
  /** File name → text, for each file read. */
  texts: ReadonlyMap<string, string>;
  family: TokenizerFamily | null;
}
