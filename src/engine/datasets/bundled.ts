// Datasets shipped with the app (resources/datasets/<name>), reachable offline by name.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { bundledResourceDir } from "../runtime/resources";

/** Documented names → folder under resources/datasets. */
export const BUNDLED_DATASETS: Record<string, string> = {
  /** ELI5-shaped sample (eli5_category's schema) built from the Python 3.11 docs; see its README. */
  eli5_sample: "eli5_sample",
};

export function bundledDatasetFolder(name: string): string | null {
  const folder = BUNDLED_DATASETS[name];
  const root = folder ? bundledResourceDir("datasets") : null;
  return root && existsSync(join(root, folder)) ? join(root, folder) : null;
}
