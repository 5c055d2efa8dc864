// savePretrained writes files fromPretrained reads back as an equal tokenizer, changes included.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { setAbortSignal, InterruptedError } from "../../src/engine/runtime/abort";
import { BUNDLED, HARD_CASES } from "./corpus";

const tmp = mkdtempSync(join(tmpdir(), "tok-save-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("save → load gives the same ids and the changed special tokens", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  tok.padToken = tok.eosToken;
  tok.modelMaxLength = 128;
  const paths = await tok.savePretrained(join(tmp, "a"));
  assert.deepEqual(readdirSync(join(tmp, "a")).sort(), ["merges.txt", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"]);
  assert.equal(paths.length, 5);
  // Model files are written as read, or (vocab.json, merges.txt, not read here) as tokenizers writes them:
  // the same merges byte for byte, the same vocabulary (the Hub's vocab.json is spaced differently).
  for (const f of ["tokenizer.json", "merges.txt"]) assert.ok(readFileSync(join(tmp, "a", f)).equals(readFileSync(join(BUNDLED, f))), f);
  assert.deepEqual(JSON.parse(readFileSync(join(tmp, "a", "vocab.json"), "utf8")), JSON.parse(readFileSync(join(BUNDLED, "vocab.json"), "utf8")));
  const map = JSON.parse(readFileSync(join(tmp, "a", "special_tokens_map.json"), "utf8"));
  assert.equal(map.pad_token, "</s>");
  assert.deepEqual(map.mask_token, { content: "<mask>", lstrip: true, normalized: false, rstrip: false, single_word: false });

  const back = await AutoTokenizer.fromPretrained(join(tmp, "a"));
  assert.deepEqual([back.padToken, back.padTokenId, back.modelMaxLength, back.maskTokenId], ["</s>", 2, 128, 50264]);
  assert.deepEqual(back(HARD_CASES).input_ids, tok(HARD_CASES).input_ids);
});

test("a pad token set to null stays null after a round trip", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  tok.padToken = null;
  await tok.savePretrained(join(tmp, "b"));
  assert.equal((await AutoTokenizer.fromPretrained(join(tmp, "b"))).padToken, null);
});

test("an interrupt stops a long batch between texts", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const controller = new AbortController();
  controller.abort();
  setAbortSignal(controller.signal);
  try {
    assert.throws(() => tok(["a", "b"]), InterruptedError);
  } finally {
    setAbortSignal(null);
  }
  assert.equal(tok(["a"]).input_ids.length, 1);
});
