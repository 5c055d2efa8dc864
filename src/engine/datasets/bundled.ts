// Datasets shipped with the app (resources/datasets/<name>), reachable offline by name.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Documented names → folder under resources/datasets. */
export const BUNDLED_DATASETS: Record<string, string> = {
  /** ELI5-shaped sample (eli5_category's schema) built from the Python 3.11 docs; see its README. */
  eli5_sample: "eli5_sample",
};

/** resources/datasets: MLM_NOTEBOOK_RESOURCES, Electron's resourcesPath, or the nearest folder above this file. */
function bundledDatasetsDir(): string | null {
  const candidates: string[] = [];
  if (process.env.MLM_NOTEBOOK_RESOURCES) candidates.push(join(process.env.MLM_NOTEBOOK_RESOURCES, "datasets"));
  const electronResources = (process as { resourcesPath?: string }).resourcesPath;
  if (electronResources) candidates.push(join(electronResources, "resources", "datasets"), join(electronResources, "datasets"));
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    candidates.push(join(dir, "resources", "datasets"));
    if (dirname(dir) === dir) break;
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

export function bundledDatasetFolder(name: string): string | null {
  const folder = BUNDLED_DATASETS[name];
  const root = folder ? bundledDatasetsDir() : null;
  return root && existsSync(join(root, folder)) ? join(root, folder) : null;
}
