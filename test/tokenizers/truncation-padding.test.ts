// Truncation and padding as transformers resolves the options and tokenizers applies them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { truncatedLengths } from "../../src/engine/tokenizers/truncation";

const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
const ids = (text: string): number[] => tok.encode(text, { addSpecialTokens: false });
const words = (n: number, w = "a"): string => Array.from({ length: n }, () => w).join(" ");

test("longest_first keeps the lengths tokenizers' truncate_encodings keeps (its own test table, max 7)", () => {
  const lens = [0, 2, 4, 8];
  const expected = [
    [[0, 0], [0, 2], [0, 4], [0, 7]],
    [[2, 0], [2, 2], [2, 4], [2, 5]],
    [[4, 0], [4, 2], [3, 4], [3, 4]],
    [[7, 0], [5, 2], [4, 3], [3, 4]],
  ];
  lens.forEach((n1, i) => lens.forEach((n2, j) => assert.deepEqual(truncatedLengths(n1, n2, 7, "longest_first"), expected[i][j], `${n1},${n2}`)));
  // The same through the tokenizer, with the 4 special tokens of a pair on top.
  const out = tok(words(8), { textPair: words(4, "b"), truncation: true, maxLength: 11 });
  assert.deepEqual(out.input_ids, [0, ...ids(words(4)), 2, 2, ...ids(words(3, "b")), 2]);
});

test("one text is cut to maxLength with its special tokens, from the side truncationSide names", async () => {
  const text = "one two three four five six";
  const all = ids(text);
  assert.deepEqual(tok(text, { truncation: true, maxLength: 5 }).input_ids, [0, ...all.slice(0, 3), 2]);
  const left = await AutoTokenizer.fromPretrained("roberta-base-tokenizer", { truncationSide: "left" });
  assert.deepEqual(left(text, { truncation: true, maxLength: 5 }).input_ids, [0, ...all.slice(-3), 2]);
  // truncation: true with no maxLength uses model_max_length (512).
  assert.equal(tok(words(1000), { truncation: true }).input_ids.length, 512);
});

test("only_first / only_second cut one side of a pair, and say when they cannot", () => {
  const out = tok(words(6), { textPair: words(6, "b"), truncation: "only_second", maxLength: 12 });
  assert.deepEqual(out.input_ids, [0, ...ids(words(6)), 2, 2, ...ids(words(6, "b")).slice(0, 2), 2]);
  assert.throws(() => tok(words(2), { textPair: words(20, "b"), truncation: "only_first", maxLength: 10 }), /only_first" cannot fit maxLength 6.*longest_first/);
  assert.throws(() => tok("a b c", { truncation: "only_second", maxLength: 3 }), /needs a second sequence/);
  assert.throws(() => tok("a b c", { truncation: true, maxLength: 1 }), /maxLength 1 is too small: the special tokens alone take 2/);
});

test("maxLength without truncation truncates anyway, with transformers' warning once", async () => {
  const t = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => seen.push(m);
  try {
    assert.equal(t(words(20), { maxLength: 8 }).input_ids.length, 8);
    assert.equal(t(words(20), { maxLength: 8 }).input_ids.length, 8);
    // With padding to max_length, maxLength only pads: no truncation, as in transformers.
    assert.equal(t(words(20), { maxLength: 8, padding: "max_length" }).input_ids.length, 22);
  } finally {
    console.warn = warn;
  }
  assert.equal(seen.length, 1);
  assert.match(seen[0], /^Truncation was not explicitly activated but `max_length` is provided a specific value/);
});

test("padding: longest, max_length, a multiple, and the left side", async () => {
  const batch = ["a", "a b c d"];
  const longest = tok(batch, { padding: true, returnSpecialTokensMask: true });
  assert.deepEqual(longest.input_ids, [[0, ...ids("a"), 2, 1, 1, 1], [0, ...ids("a b c d"), 2]]);
  assert.deepEqual(longest.attention_mask, [[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1]]);
  assert.deepEqual(longest.special_tokens_mask![0], [1, 0, 1, 1, 1, 1]);
  assert.deepEqual(tok(batch, { padding: "max_length", maxLength: 8 }).input_ids[1], [0, ...ids("a b c d"), 2, 1, 1]);
  assert.equal(tok(batch, { padding: "longest", padToMultipleOf: 8 }).input_ids[0].length, 8);
  assert.equal(tok("a", { padding: "max_length" }).input_ids.length, 512);
  const left = await AutoTokenizer.fromPretrained("roberta-base-tokenizer", { paddingSide: "left" });
  assert.deepEqual(left(batch, { padding: true }).input_ids[0], [1, 1, 1, 0, ...ids("a"), 2]);
  assert.deepEqual(left(batch, { padding: true }).attention_mask[0], [0, 0, 0, 1, 1, 1]);
  assert.throws(() => tok(batch, { padding: true, truncation: true, maxLength: 10, padToMultipleOf: 8 }), /truncation length \(10\) is not a multiple of padToMultipleOf \(8\)/);
  assert.throws(() => tok(batch, { padding: "longer" as never }), /padding is "longer"; use true/);
});
