// Where the engine's own files are at run time: from source under tsx (src/engine/**.ts) or
// bundled (out/engine/index.js + NAME.worker.js beside it, also when another bundle such as
// out/kernel/index.js inlines this code).
import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isAbsolute } from "node:path";

const here = import.meta.url;
const fromSource = here.endsWith(".ts");

function firstExisting(candidates: URL[]): URL | null {
  return candidates.find((u) => existsSync(fileURLToPath(u))) ?? null;
}

/** The built engine folder (out/engine), if reachable from this bundle. */
function builtEngineDir(): URL | null {
  const index = firstExisting([new URL("./index.js", here), new URL("../engine/index.js", here)]);
  return index ? new URL("./", index) : null;
}

/** The worker entry file (`map` → src/engine/datasets/map.worker.ts, or out/engine/map.worker.js when built). */
function workerUrl(name: string): URL {
  const dir = fromSource ? null : builtEngineDir();
  const found = fromSource ? firstExisting([new URL(`./${name}.worker.ts`, here)]) : dir ? firstExisting([new URL(`${name}.worker.js`, dir)]) : null;
  if (!found) throw new Error(`The ${name} worker file is missing next to ${fileURLToPath(here)}; run "node scripts/build.mjs" to build it.`);
  return found;
}

/**
 * Starts an engine worker. From TypeScript sources, a worker's entry cannot be .ts even with
 * `--import tsx` in execArgv (Node 20 checks the entry's extension first), so a small bootstrap
 * registers tsx's loader and then imports the entry.
 */
export function startEngineWorker(name: string): Worker {
  const url = workerUrl(name);
  if (!fromSource) return new Worker(url);
  const api = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true });
}

/** Resolves a recipe's module: "mlm-notebook[/area]" → the running engine; paths → file URLs. */
export function resolveRecipeModule(module: string): string {
  const m = /^mlm-notebook(?:\/([\w-]+))?$/.exec(module);
  if (m) {
    if (fromSource) return new URL(m[1] ? `../${m[1]}/index.ts` : "../index.ts", here).href;
    const dir = builtEngineDir();
    if (!dir) throw new Error(`Cannot find the built engine (out/engine/index.js) to import "${module}" in a worker; run "node scripts/build.mjs".`);
    return new URL("index.js", dir).href;
  }
  return isAbsolute(module) ? pathToFileURL(module).href : module;
}
