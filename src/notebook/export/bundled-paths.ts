// The app's bundled data, tokenizers and models (offline names such as "eli5_sample",
// "roberta-base-tokenizer", "roberta-small-docs") as absolute paths, so a Python script reads the same files.
import { bundledDatasetFolder } from "../../engine/datasets/bundled";
import { bundledFolder } from "../../engine/runtime/resources";

export function bundledDataset(name: string): string | null {
  return bundledDatasetFolder(name);
}

/** A bundled tokenizer's folder (resources/tokenizers, else a bundled model's), the engine's own lookup order. */
export function bundledTokenizer(name: string): string | null {
  return bundledFolder("tokenizers", name, "tokenizer.json") ?? bundledFolder("models", name, "tokenizer.json");
}

/** A bundled model's folder (resources/models). */
export function bundledModel(name: string): string | null {
  return bundledFolder("models", name, "config.json");
}
