// The app's bundled data and tokenizer (offline names such as "eli5_sample", "roberta-base-bpe") as
// absolute paths, so a Python script can read the same files.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { bundledDatasetFolder } from "../../engine/datasets/bundled";

export function bundledDataset(name: string): string | null {
  return bundledDatasetFolder(name);
}

/** A bundled tokenizer's folder: resources/tokenizers beside the bundled datasets (the engine's own lookup order). */
export function bundledTokenizer(name: string): string | null {
  if (name.includes("/") || name.startsWith(".")) return null;
  const sample = bundledDatasetFolder("eli5_sample");
  const roots = [process.env.MLM_NOTEBOOK_RESOURCES, sample ? dirname(dirname(sample)) : undefined].filter((r): r is string => !!r);
  for (const root of roots) {
    const folder = join(root, "tokenizers", name);
    if (existsSync(join(folder, "tokenizer.json"))) return folder;
  }
  return null;
}
