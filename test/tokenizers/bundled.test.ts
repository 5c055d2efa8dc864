// The bundled roberta-base-tokenizer: roberta-base's own files (the reference README's hashes and
// known outputs), rebuilt to the same bytes by its committed script, laid out as distilroberta-base
// (<s>=0 <pad>=1 </s>=2 <unk>=3 ... <mask>=50264), tokenizing into GPT-2's BPE tokens (the
// gpt-3-encoder package is an independent implementation of that BPE).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
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

test("the files are roberta-base's, and the README and licence say where they come from", () => {
  const sha = (f: string) => createHash("sha256").update(readFileSync(join(BUNDLED, f))).digest("hex");
  // The hashes of roberta-base's Hub files at revision e2da8e2f (../shared/reference/roberta-base/README.md).
  assert.equal(sha("vocab.json"), "9e7f63c2d15d666b52e21d250d2e513b87c9b713cfa6987a82ed89e5e6e50655");
  assert.equal(sha("merges.txt"), "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5");
  const readme = readFileSync(join(BUNDLED, "README.md"), "utf8");
  assert.match(readme, /FacebookAI\/roberta-base/);
  assert.match(readme, /9e7f63c2d15d666b52e21d250d2e513b87c9b713cfa6987a82ed89e5e6e50655/);
  assert.match(readFileSync(join(BUNDLED, "LICENSE"), "utf8"), /fairseq[\s\S]*MIT License[\s\S]*GPT-2/);
});

test("Hugging Face's known outputs for roberta-base", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  assert.deepEqual(tok(["Hello world", " Hello world", "The capital of France is <mask>."]).input_ids, [
    [0, 31414, 232, 2],
    [0, 20920, 232, 2],
    [0, 133, 812, 9, 1470, 16, 50264, 4, 2],
  ]);
});

test("tokenizer.json and vocab.json agree on all 50,265 ids", () => {
  const vocab = JSON.parse(readFileSync(join(BUNDLED, "vocab.json"), "utf8")) as Record<string, number>;
  const json = JSON.parse(readFileSync(join(BUNDLED, "tokenizer.json"), "utf8")) as { model: { vocab: Record<string, number> }; added_tokens: { id: number; content: string }[] };
  assert.equal(Object.keys(json.model.vocab).length, 50265);
  for (const [token, id] of Object.entries(vocab)) assert.equal(json.model.vocab[token], id, token);
  for (const added of json.added_tokens) assert.equal(vocab[added.content], added.id, added.content);
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

test("tokens are GPT-2's BPE tokens (gpt-3-encoder's, by string) on the sample's answers", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const require = createRequire(import.meta.url);
  const gpt2 = require("gpt-3-encoder/encoder.json") as Record<string, number>;
  const gpt2Tokens = new Map(Object.entries(gpt2).map(([t, id]) => [id, t]));
  for (const text of sampleAnswers(100)) {
    assert.deepEqual(tok.convertIdsToTokens(tok.encode(text, { addSpecialTokens: false })), gpt2Encode(text).map((id) => gpt2Tokens.get(id)), text.slice(0, 80));
  }
});
