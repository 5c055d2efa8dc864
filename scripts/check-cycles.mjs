// Fails on any circle of imports among the project's own files (DESIGN: "No circle of files").
// Type-only imports count: a circle of types is still two files that each need the other read first.
// Written here rather than adding madge or dependency-cruiser: TypeScript (already a dependency)
// resolves every import exactly as tsc does (import-graph.mjs), and what is left is Tarjan's algorithm.
// Usage: node scripts/check-cycles.mjs [folder ...]   (default: the source folders of the repo)
import { relative, resolve } from "node:path";
import { DEFAULT_FOLDERS, importGraph, sourceFiles } from "./import-graph.mjs";

const folders = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : DEFAULT_FOLDERS;

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

const files = sourceFiles(folders);
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
