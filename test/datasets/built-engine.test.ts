// The tutorial's tokenize step as the kernel runs it: the built engine (out/engine/index.js), its
// map workers (out/engine/map.worker.js) rebuilding the engine's AutoTokenizer from its
// WORKER_TRANSFERABLE recipe ("mlm-notebook" → the bundle). `npm test` builds first; a bare run skips.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "./fixtures";

const bundle = new URL("../../out/engine/index.js", import.meta.url);
const built = existsSync(fileURLToPath(bundle)) && existsSync(fileURLToPath(new URL("../../out/engine/map.worker.js", import.meta.url)));

test("tokenizing the bundled sample with numProc 2 in the built engine's workers equals numProc 1, row for row", { skip: built ? false : "out/engine is not built (node scripts/build.mjs --node-only)" }, async () => {
  const engine = (await import(bundle.href)) as typeof import("../../src/engine/index");
  const scope: Record<string, unknown> = { tokenizer: await engine.AutoTokenizer.fromPretrained(fileURLToPath(new URL("../../resources/tokenizers/roberta-base-tokenizer", import.meta.url))) };
  engine.setScopeResolver((name) => (name in scope ? { found: true, value: scope[name] } : { found: false }));
  const dir = tempDir("built-map-");
  try {
    const flat = (await engine.loadDataset("eli5_sample", { split: "train[:400]", cacheDir: dir.path })).flatten();
    const preprocess = new Function("scope", `with (scope) { return function preprocess_function(examples) {
      return tokenizer(examples["answers.text"].map((x) => x.join(" ")));
    }; }`)(scope) as (b: unknown) => unknown;
    const one = await flat.map(preprocess, { batched: true, removeColumns: flat.columnNames });
    const two = await flat.map(preprocess, { batched: true, removeColumns: flat.columnNames, numProc: 2 });
    assert.deepEqual(one.columnNames, ["input_ids", "attention_mask"]);
    assert.equal(two.numRows, 400);
    assert.deepEqual(two.column("input_ids"), one.column("input_ids"));
    assert.deepEqual(two.column("attention_mask"), one.column("attention_mask"));
    const direct = (scope.tokenizer as (t: string[]) => { input_ids: number[][] })([(flat.row(0)["answers.text"] as string[]).join(" ")]);
    assert.deepEqual(one.column("input_ids")[0], direct.input_ids[0]);
  } finally {
    engine.setScopeResolver(null);
    dir.remove();
  }
});
