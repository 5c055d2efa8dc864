// The kernel runs the built engine (out/engine/index.js): its map workers are out/engine/map.worker.js
// and a "mlm-notebook" recipe resolves to the bundle. `npm test` builds first; a bare run skips.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const bundle = new URL("../../out/engine/index.js", import.meta.url);
const built = existsSync(fileURLToPath(bundle)) && existsSync(fileURLToPath(new URL("../../out/engine/map.worker.js", import.meta.url)));

test("the built engine maps with numProc 2 in its bundled workers, rebuilding the engine's tokenizer", { skip: built ? false : "out/engine is not built (node scripts/build.mjs --node-only)" }, async () => {
  const engine = (await import(bundle.href)) as typeof import("../../src/engine/index");
  const scope: Record<string, unknown> = { tokenizer: await engine.AutoTokenizer.fromPretrained(fileURLToPath(new URL("../../resources/tokenizers/roberta-base-bpe", import.meta.url))) };
  engine.setScopeResolver((name) => (name in scope ? { found: true, value: scope[name] } : { found: false }));
  try {
    const ds = engine.Dataset.fromDict({ text: ["Hello world", "Why is the sky blue?", "Because light scatters.", "ok"] });
    const fn = new Function("scope", "with (scope) { return (b) => tokenizer(b.text); }")(scope) as (b: unknown) => unknown;
    const one = await ds.map(fn, { batched: true, removeColumns: ["text"] });
    const two = await ds.map(fn, { batched: true, removeColumns: ["text"], numProc: 2 });
    assert.deepEqual(two.column("input_ids"), one.column("input_ids"));
    assert.deepEqual(one.column("input_ids")[0], (scope.tokenizer as (t: string[]) => { input_ids: number[][] })(["Hello world"]).input_ids[0]);
  } finally {
    engine.setScopeResolver(null);
  }
});
