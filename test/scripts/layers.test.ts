// DESIGN's house rules on the real tree: src/api imports nothing else, the engine only src/api,
// and the window (src/renderer) only src/api, so every payload it reads comes from the one
// declaration there, never from the engine or a restated copy.
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { test } from "node:test";
import { importGraph, root, sourceFiles } from "../../scripts/import-graph.mjs";

const src = join(root, "src");
const graph = importGraph(sourceFiles([src]));
const area = (file: string): string => relative(src, file).split("/")[0];

/** "from → to" for each import of a file in `from` that reaches a folder outside `allowed`. */
function crossings(from: string, allowed: string[]): string[] {
  return [...graph].filter(([file]) => area(file) === from).flatMap(([file, targets]) =>
    targets.filter((t) => !allowed.includes(area(t))).map((t) => `${relative(root, file)} → ${relative(root, t)}`));
}

test("src/api imports nothing outside itself", () => {
  assert.deepEqual(crossings("api", ["api"]), []);
});

test("the engine imports only itself and src/api", () => {
  assert.deepEqual(crossings("engine", ["engine", "api"]), []);
});

test("the window imports only itself and src/api (each payload through its one declaration)", () => {
  assert.deepEqual(crossings("renderer", ["renderer", "api"]), []);
  assert.ok([...graph.keys()].some((f) => area(f) === "renderer"), "the renderer's files were read");
});
