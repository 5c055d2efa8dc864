// The app's bundled resources (resources/<kind>: datasets, tokenizers, models), found the same way from
// source, from the built engine (out/engine) and from a packaged Electron app.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** resources/<kind>: under MLM_NOTEBOOK_RESOURCES, Electron's resourcesPath, or the nearest resources/ above this module. */
export type ResourceKind = "datasets" | "tokenizers" | "models";

export function bundledResourceDir(kind: ResourceKind): string | null {
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

/** resources/<kind>/<name> when it holds `marker` (a bundled name has no slash, unlike a Hub id or a path). */
export function bundledFolder(kind: ResourceKind, name: string, marker: string): string | null {
  if (!name || name.includes("/") || name.includes("\\") || name.startsWith(".")) return null;
  const root = bundledResourceDir(kind);
  return root && existsSync(join(root, name, marker)) ? join(root, name) : null;
}

/** Names under resources/<kind> whose folder holds `marker`. */
export function bundledNames(kind: ResourceKind, marker: string): string[] {
  const root = bundledResourceDir(kind);
  return root ? readdirSync(root).filter((n) => existsSync(join(root, n, marker))).sort() : [];
}
