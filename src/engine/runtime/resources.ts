// The app's bundled resources (resources/<kind>: datasets, tokenizers), found the same way from
// source, from the built engine (out/engine) and from a packaged Electron app.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** resources/<kind>: under MLM_NOTEBOOK_RESOURCES, Electron's resourcesPath, or the nearest resources/ above this module. */
export function bundledResourceDir(kind: "datasets" | "tokenizers"): string | null {
  const candidates: string[] = [];
  if (process.env.MLM_NOTEBOOK_RESOURCES) candidates.push(join(process.env.MLM_NOTEBOOK_RESOURCES, kind));
  const electronResources = (process as { resourcesPath?: string }).resourcesPath;
  if (electronResources) candidates.push(join(electronResources, "resources", kind), join(electronResources, kind));
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    candidates.push(join(dir, "resources", kind));
    if (dirname(dir) === dir) break;
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}
