// The hand-written GPT-2 pre-tokenizer equals the pattern it replaces, run as a RegExp with
// Oniguruma's \s (Unicode White_Space), on the corpus and the hard cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { splitGpt2 } from "../../src/engine/tokenizers/gpt2-split";
import { HARD_CASES, WHITESPACE_DIFFERENCES, sampleAnswers } from "./corpus";

const S = "[\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const NS = S.replace("[", "[^");
const PATTERN = new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${S.slice(1, -1)}\\p{L}\\p{N}]+|${S}+(?!${NS})|${S}+`, "gu");

function pieces(text: string): string[] {
  const bounds = new Int32Array(2 * text.length + 2);
  const n = splitGpt2(text, 0, text.length, bounds);
  return Array.from({ length: n }, (_, i) => text.slice(bounds[2 * i], bounds[2 * i + 1]));
}

test("splitGpt2 matches GPT-2's pattern with Oniguruma's \\s", () => {
  const texts = [...sampleAnswers(16), ...HARD_CASES, ...WHITESPACE_DIFFERENCES, "\ud800 lone \udc00 surrogates \ud83d"];
  for (const text of texts) assert.deepEqual(pieces(text), text.match(PATTERN) ?? [], JSON.stringify(text.slice(0, 80)));
});

test("pieces cover the text exactly, also inside a range", () => {
  const text = "skip this: It's 42  apples\t\n";
  const bounds = new Int32Array(64);
  const n = splitGpt2(text, 11, text.length, bounds);
  assert.equal(bounds[0], 11);
  assert.equal(bounds[2 * n - 1], text.length);
  for (let i = 1; i < n; i++) assert.equal(bounds[2 * i], bounds[2 * i - 1]);
});

test("a full bounds array stops the split at a piece boundary, and continuing from there gives the same pieces", () => {
  const text = sampleAnswers(500).join(" ");
  const whole = pieces(text);
  const bounds = new Int32Array(2 * 7);
  const chunked: string[] = [];
  for (let at = 0; at < text.length; ) {
    const n = splitGpt2(text, at, text.length, bounds);
    assert.ok(n > 0 && n <= 7);
    for (let i = 0; i < n; i++) chunked.push(text.slice(bounds[2 * i], bounds[2 * i + 1]));
    at = bounds[2 * n - 1];
  }
  assert.deepEqual(chunked, whole);
});
