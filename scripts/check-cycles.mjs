// Fails on any circle of imports among the project's own files (DESIGN: "No circle of files").
// Type-only imports count: a circle of types is still two files that each need the other read first.
// Written here rather than adding madge or dependency-cruiser: TypeScript (already a dependency)
// resolves every import exactly as tsc does, and what is left is Tarjan's algorithm.
// Usage: node scripts/check-cycles.mjs [folder ...]   (default: the source folders of the repo)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;
const DEFAULT_FOLDERS = ["src", "test", "e2e", "scripts", "bench", "bin"];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIP = new Set(["node_modules", "out", "test-results", "fixtures"]);

const folders = (process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_FOLDERS.map((f) => join(root, f))).map((f) => resolve(f));
const options = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config, ts.sys, root).options;
options.allowJs = true;

function sources(dir) {
  let entries;
  try { entries = readdirSync(dir); } catch { return []; }
  return entries.flatMap((name) => {
    if (SKIP.has(name) || name.startsWith(".")) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** file → the project files it imports (import, import type, export … from, import(), require()). */
function importGraph(files) {
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

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function circles(graph) {
  let next = 0;
  const index = new Map(), low = new Map(), stack = [], onStack = new Set(), found = [];
  const visit = (v) => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** One concrete circle through a component's first file, to print as a → b → a. */
function pathThrough(component, graph) {
  const inside = new Set(component);
  const start = component.sort()[0];
  const seen = new Set();
  const walk = (v, path) => {
    for (const w of graph.get(v)) {
      if (w === start) return [...path, w];
      if (!inside.has(w) || seen.has(w)) continue;
      seen.add(w);
      const p = walk(w, [...path, w]);
      if (p) return p;
    }
    return null;
  };
  return walk(start, [start]);
}

const files = folders.flatMap(sources);
const graph = importGraph(files);
const found = circles(graph);
for (const component of found) {
  console.error(`Import circle: ${pathThrough(component, graph).map((f) => relative(process.cwd(), f)).join(" → ")}`);
}
if (found.length > 0) {
  console.error(`${found.length} circle(s) of imports. Break each one: move what both files need (a type, a hook) into a file both import, so imports flow one way.`);
  process.exit(1);
}
console.log(`No import circles among ${files.length} files.`);
