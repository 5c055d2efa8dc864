// Ids equal those of @huggingface/tokenizers (HF's JS port) loading the same tokenizer.json,
// on the sample's answers and the hard cases; decode(encode(x)) gives x back.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Tokenizer } from "@huggingface/tokenizers";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { BUNDLED, HARD_CASES, WHITESPACE_DIFFERENCES, sampleAnswers } from "./corpus";

const reference = new Tokenizer(
  JSON.parse(readFileSync(join(BUNDLED, "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(BUNDLED, "tokenizer_config.json"), "utf8")),
);
const tok = await AutoTokenizer.fromPretrained(BUNDLED);
// Every 8th row keeps the test around a second while still covering thousands of answers.
const corpus = [...sampleAnswers(8), ...HARD_CASES];

test("ids equal @huggingface/tokenizers' on the sample's answers and the hard cases", () => {
  let tokens = 0;
  for (const text of corpus) {
    const ours = tok(text).input_ids;
    const theirs = reference.encode(text).ids;
    assert.deepEqual(ours, theirs, `ids differ for ${JSON.stringify(text.slice(0, 80))}`);
    tokens += ours.length;
  }
  assert.ok(corpus.length > 1500 && tokens > 100_000, `corpus too small: ${corpus.length} texts, ${tokens} tokens`);
});

test("long words (merged through the heap) equal @huggingface/tokenizers' too, and stay fast", () => {
  let seed = 12345;
  const random = (alphabet: string, n: number): string => {
    let out = "";
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      out += alphabet[(seed >>> 16) % alphabet.length];
    }
    return out;
  };
  const texts = [
    random("aeinrst", 60),
    random("aeinrstlo", 700),
    random("etaoinshrdlu", 3000),
    "a".repeat(5000),
    random("-=_*#.", 400),
    random("0123456789", 900),
    "https://example.com/" + random("abcdefghijklmnopqrstuvwxyz", 1500),
    random("日本語中文", 300),
    // Over 4096 pieces: the encoder splits it in several rounds.
    sampleAnswers(40).join(" "),
  ];
  for (const text of texts) assert.deepEqual(tok(text).input_ids, reference.encode(text).ids, text.slice(0, 40));
  const huge = random("aeinrstlo", 200_000);
  const t0 = performance.now();
  assert.ok(tok.encode(huge, { addSpecialTokens: false }).length > 10_000);
  assert.ok(performance.now() - t0 < 5_000, "a 200,000-letter word must not take quadratic time");
});

test("batch encoding gives the same rows as one text at a time", () => {
  const batch = corpus.slice(0, 200);
  const rows = tok(batch).input_ids;
  batch.forEach((text, i) => assert.deepEqual(rows[i], reference.encode(text).ids));
});

test("pairs equal @huggingface/tokenizers' (<s> A </s></s> B </s>)", () => {
  for (let i = 0; i + 1 < HARD_CASES.length; i += 2) {
    const [a, b] = [HARD_CASES[i], HARD_CASES[i + 1]];
    assert.deepEqual(tok(a, { textPair: b }).input_ids, reference.encode(a, { text_pair: b }).ids);
  }
});

test("tokens and decode agree with @huggingface/tokenizers", () => {
  for (const text of HARD_CASES) {
    const ids = tok(text).input_ids;
    assert.deepEqual(tok.convertIdsToTokens(ids), reference.encode(text).tokens);
    assert.equal(tok.decode(ids), reference.decode(ids));
    assert.equal(tok.decode(ids, { skipSpecialTokens: true }), reference.decode(ids, { skip_special_tokens: true }));
  }
});

test("decode(encode(x)) == x, except whitespace that <mask>'s lstrip takes (as in HF)", () => {
  for (const text of corpus) {
    const ids = tok.encode(text, { addSpecialTokens: false });
    const expected = text.replace(/\s+(?=<mask>)/g, "");
    assert.equal(tok.decode(ids), expected);
    if (!/[<]/.test(text)) assert.equal(tok.decode(tok(text).input_ids, { skipSpecialTokens: true }), text);
  }
});

test("where Oniguruma's \\s differs from JavaScript's (U+0085, U+FEFF) the split follows tokenizers (Rust)", () => {
  // Rust: U+0085 is whitespace, so " \u0085!" splits as " ", "\u0085", "!" and "!\u0085" keeps "!" apart;
  // U+FEFF is not, so it joins the punctuation run. The JS port, using JavaScript's \s, differs here.
  assert.deepEqual(tok.tokenize(" \u0085!"), ["Ġ", "Â", "ħ", "!"]);
  assert.deepEqual(tok.tokenize("!\u0085 x"), ["!", "Â", "ħ", "Ġx"]);
  assert.deepEqual(tok.tokenize("x \u0085\u0085 y"), ["x", "ĠÂ", "ħ", "Â", "ħ", "Ġy"]);
  assert.deepEqual(tok.tokenize("a \ufeff b"), ["a", "Ġï", "»", "¿", "Ġb"]);
  // The JS port splits these differently: " \u0085!" → " \u0085!" as one piece, "a \ufeff b" → "a", " ", "\ufeff", " b".
  assert.notDeepEqual(tok(" \u0085!").input_ids, reference.encode(" \u0085!").ids);
  for (const text of WHITESPACE_DIFFERENCES) assert.equal(tok.decode(tok.encode(text, { addSpecialTokens: false })), text);
});
