// fromPretrained from a Hub repo (the Hub stand-in, a real HTTP server, through the engine's Hub
// client and cache), and the recipe a map() worker uses to rebuild an equal tokenizer.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { after, before, test } from "node:test";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { BUNDLED, ROOT } from "./corpus";

const RECIPE = Symbol.for("mlm-notebook.workerTransferable");
type Recipe = { module: string; export: string; args: unknown[]; fingerprint: string };
const recipeOf = (t: object): Recipe => (t as Record<symbol, () => Recipe>)[RECIPE]();

let hub: HubStandIn;
const cacheDir = mkdtempSync(join(tmpdir(), "tok-hub-cache-"));
const file = (name: string): string => readFileSync(join(BUNDLED, name), "utf8");
before(async () => {
  hub = await startHubStandIn();
  // Shaped like distilbert/distilroberta-base: tokenizer_config.json is only {"model_max_length": 512},
  // no special_tokens_map.json; the special tokens come from the class config.json's model_type names.
  const configFiles = { "tokenizer_config.json": '{"model_max_length": 512}', "config.json": '{"model_type": "roberta", "vocab_size": 50265}' };
  hub.addRepo({ type: "model", id: "acme/roberta-bpe", files: { "tokenizer.json": file("tokenizer.json"), "vocab.json": file("vocab.json"), "merges.txt": file("merges.txt"), ...configFiles } });
  hub.addRepo({ type: "model", id: "acme/roberta-slow", files: { "vocab.json": file("vocab.json"), "merges.txt": file("merges.txt"), ...configFiles } });
});
after(async () => {
  await hub.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

test("a Hub repo loads through the HF cache, also from vocab.json + merges.txt", async () => {
  const local = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const text = "Masked language models predict <mask> tokens.";
  const fast = await AutoTokenizer.fromPretrained("acme/roberta-bpe", { hubUrl: hub.url, cacheDir });
  const slow = await AutoTokenizer.fromPretrained("acme/roberta-slow", { hubUrl: hub.url, cacheDir });
  assert.deepEqual(fast(text).input_ids, local(text).input_ids);
  assert.deepEqual(slow(text).input_ids, local(text).input_ids);
  assert.equal(fast.nameOrPath, "acme/roberta-bpe");
  for (const t of [fast, slow]) {
    assert.deepEqual([t.padToken, t.padTokenId, t.maskTokenId, t.modelMaxLength, t.vocabSize], ["<pad>", 1, 50264, 512, 50265]);
    assert.deepEqual(t.allSpecialIds, local.allSpecialIds);
  }
  assert.ok(existsSync(join(cacheDir, "models--acme--roberta-bpe", "snapshots")));
  // Offline, the cached snapshot still serves the tokenizer.
  hub.setOffline(true);
  try {
    for (const repo of ["acme/roberta-bpe", "acme/roberta-slow"]) {
      const again = await AutoTokenizer.fromPretrained(repo, { hubUrl: hub.url, cacheDir });
      assert.deepEqual(again(text).input_ids, local(text).input_ids);
      assert.equal(again.padToken, "<pad>");
    }
    await assert.rejects(AutoTokenizer.fromPretrained("acme/never-fetched", { hubUrl: hub.url, cacheDir }), /Cannot reach the Hugging Face Hub/);
  } finally {
    hub.setOffline(false);
  }
  await assert.rejects(AutoTokenizer.fromPretrained("acme/missing", { hubUrl: hub.url, cacheDir }), /repository "acme\/missing" was not found on the Hub/);
});

test("the worker recipe is plain data that rebuilds an equal tokenizer, padToken change included", async () => {
  const tok = await AutoTokenizer.fromPretrained("acme/roberta-bpe", { hubUrl: hub.url, cacheDir });
  tok.padToken = tok.eosToken;
  const recipe = recipeOf(tok);
  assert.deepEqual(structuredClone(recipe), recipe);
  assert.equal(recipe.module, "mlm-notebook");
  assert.equal(recipe.export, "AutoTokenizer.fromPretrained");
  assert.notEqual(recipe.fingerprint, recipeOf(await AutoTokenizer.fromPretrained("roberta-base-tokenizer")).fingerprint);

  // Rebuilt in a real worker thread from the built engine, with the Hub unreachable: the snapshot folder suffices.
  if (!existsSync(join(ROOT, "out/engine/index.js"))) {
    assert.equal(spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), "--node-only"], { cwd: ROOT }).status, 0);
  }
  hub.setOffline(true);
  const texts = ["short", "a somewhat longer text"];
  try {
    const reply = await new Promise<{ ids: number[][]; padTokenId: number; name: string }>((resolve, reject) => {
      const w = new Worker(new URL("./rebuild-worker.mjs", import.meta.url), { workerData: { recipe, texts } });
      w.once("message", resolve);
      w.once("error", reject);
    });
    assert.equal(reply.padTokenId, 2);
    assert.equal(reply.name, "acme/roberta-bpe");
    assert.deepEqual(reply.ids, tok(texts, { padding: true }).input_ids);
  } finally {
    hub.setOffline(false);
  }
});
