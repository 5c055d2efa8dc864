// The project's own import graph, resolved by TypeScript exactly as tsc resolves it: every import,
// import type, export … from, import() and require() from one project file to another. Used by
// check-cycles.mjs and the layering test (test/scripts/layers.test.ts).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export const root = new URL("..", import.meta.url).pathname;
/** The folders that hold the project's code. */
export const DEFAULT_FOLDERS = ["src", "test", "e2e", "scripts", "bench", "bin"].map((f) => join(root, f));
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP = new Set(["node_modules", "out", "test-results", "fixtures"]);

const options = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config, ts.sys, root).options;
options.allowJs = true;

/** Source files below these folders (declaration files, fixtures and build output left out). */
export function sourceFiles(folders) {
  return folders.flatMap(function sources(dir) {
    let entries;
    try { entries = readdirSync(dir); } catch { return []; }
    return entries.flatMap((name) => {
      if (SKIP.has(name) || name.startsWith(".")) return [];
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sources(path);
      return SOURCE.test(name) && !name.endsWith(".d.ts") ? [path] : [];
    });
  });
}

/** file → the files among `files` it imports. */
export function importGraph(files) {
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((i) => ts.resolveModuleName(i.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((t) => t !== undefined && known.has(t));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}
