// RoBERTa's special tokens as transformers applies them: <s> A </s> and <s> A </s></s> B </s>,
// special_tokens_mask, added tokens in the text, the special-token attributes and pad = eos.
import assert from "node:assert/strict";
import { test } from "node:test";
import { inspect } from "node:util";
import { REPR_MIMEBUNDLE } from "../../src/engine/runtime/display";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";

const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
const ids = (text: string): number[] => tok.encode(text, { addSpecialTokens: false });

test("the bundled tokenizer has distilroberta's layout and attributes", () => {
  assert.deepEqual(
    [tok.bosToken, tok.eosToken, tok.unkToken, tok.sepToken, tok.padToken, tok.clsToken, tok.maskToken],
    ["<s>", "</s>", "<unk>", "</s>", "<pad>", "<s>", "<mask>"],
  );
  assert.deepEqual([tok.bosTokenId, tok.padTokenId, tok.eosTokenId, tok.unkTokenId, tok.maskTokenId], [0, 1, 2, 3, 50264]);
  assert.equal(tok.vocabSize, 50265);
  assert.equal(tok.modelMaxLength, 512);
  // transformers' all_special_tokens order: bos, eos, unk, sep, pad, cls, mask, de-duplicated.
  assert.deepEqual(tok.allSpecialTokens, ["<s>", "</s>", "<unk>", "<pad>", "<mask>"]);
  assert.deepEqual(tok.allSpecialIds, [0, 2, 3, 1, 50264]);
  assert.equal(typeof tok, "function");
});

test("one text: <s> A </s>, special_tokens_mask marks the two", () => {
  const a = ids("Hello world");
  const out = tok("Hello world", { returnSpecialTokensMask: true });
  assert.deepEqual(out.input_ids, [0, ...a, 2]);
  assert.deepEqual(out.attention_mask, [1, 1, 1, 1]);
  assert.deepEqual(out.special_tokens_mask, [1, 0, 0, 1]);
  assert.deepEqual(tok("", { returnSpecialTokensMask: true }), { input_ids: [0, 2], attention_mask: [1, 1], special_tokens_mask: [1, 1] });
});

test("a pair: <s> A </s></s> B </s>", () => {
  const [a, b] = [ids("How are you?"), ids(" Fine, thanks.")];
  const out = tok("How are you?", { textPair: " Fine, thanks.", returnSpecialTokensMask: true });
  assert.deepEqual(out.input_ids, [0, ...a, 2, 2, ...b, 2]);
  assert.deepEqual(out.special_tokens_mask, [1, ...a.map(() => 0), 1, 1, ...b.map(() => 0), 1]);
  assert.equal(tok.numSpecialTokensToAdd(false), 2);
  assert.equal(tok.numSpecialTokensToAdd(true), 4);
  const batch = tok(["x", "y"], { textPair: ["p", "q"] });
  assert.deepEqual(batch.input_ids[1], [0, ...ids("y"), 2, 2, ...ids("q"), 2]);
});

test("without special tokens nothing is added and the mask is all 0", () => {
  const out = tok("Hello world", { addSpecialTokens: false, returnSpecialTokensMask: true });
  assert.deepEqual(out.input_ids, ids("Hello world"));
  assert.deepEqual(out.special_tokens_mask, [0, 0]);
});

test("special tokens typed in the text are recognised; the fast tokenizer's mask leaves them 0", () => {
  const out = tok("Paris is the <mask> of France.", { returnSpecialTokensMask: true });
  const at = out.input_ids.indexOf(50264);
  assert.ok(at > 0);
  assert.equal(out.special_tokens_mask![at], 0);
  // <mask> has lstrip: the space before it goes with it; the one after stays with the next word.
  assert.deepEqual(tok.tokenize("the <mask> of"), ["the", "<mask>", "Ġof"]);
  assert.deepEqual(tok.tokenize("<s>x</s><pad><unk>"), ["<s>", "x", "</s>", "<pad>", "<unk>"]);
  assert.deepEqual(tok.getSpecialTokensMask(out.input_ids, { alreadyHasSpecialTokens: true }), out.input_ids.map((id) => (tok.allSpecialIds.includes(id) ? 1 : 0)));
  assert.deepEqual(tok.getSpecialTokensMask([5, 6], { pairIds: [7] }), [1, 0, 0, 1, 1, 0, 1]);
});

test("padToken = eosToken makes padding use </s>, as the tutorial's collator setup does", async () => {
  const t = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  t.padToken = t.eosToken;
  assert.equal(t.padToken, "</s>");
  assert.equal(t.padTokenId, 2);
  assert.deepEqual(t.allSpecialIds, [0, 2, 3, 50264]);
  const out = t(["a", "a b c"], { padding: true, returnSpecialTokensMask: true });
  assert.deepEqual(out.input_ids[0], [0, ...ids("a"), 2, 2, 2]);
  assert.deepEqual(out.attention_mask[0], [1, 1, 1, 0, 0]);
  assert.deepEqual(out.special_tokens_mask![0], [1, 0, 1, 1, 1]);
  // <pad> is still a special added token, so decode skips it.
  assert.equal(t.decode([0, 1, ...ids(" hi"), 2], { skipSpecialTokens: true }), " hi");
  assert.equal(tok.padTokenId, 1, "another tokenizer is not affected");
  t.padToken = null;
  assert.equal(t.padTokenId, null);
  assert.throws(() => t(["a", "bb"], { padding: true }), /does not have a padding token.*padToken = tok\.eosToken/);
});

test("decode and conversions", () => {
  const out = tok("Hi there").input_ids;
  assert.equal(tok.decode(out), "<s>Hi there</s>");
  assert.equal(tok.decode(out, { skipSpecialTokens: true }), "Hi there");
  assert.deepEqual(tok.batchDecode([out, out.slice(1, -1)]), ["<s>Hi there</s>", "Hi there"]);
  assert.deepEqual(tok.convertIdsToTokens(out), ["<s>", "Hi", "Ġthere", "</s>"]);
  assert.deepEqual(tok.convertIdsToTokens(out, { skipSpecialTokens: true }), ["Hi", "Ġthere"]);
  assert.equal(tok.convertIdsToTokens(50264), "<mask>");
  assert.deepEqual(tok.convertTokensToIds(["<mask>", "Ġthere", "not-a-token"]), [50264, out[2], 3]);
  assert.equal(tok.decode(Int32Array.from(out), { skipSpecialTokens: true }), "Hi there");
  assert.equal(tok.decode(ids("Hello , world . It 's"), { cleanUpTokenizationSpaces: true }), "Hello, world. It's");
  // A token cut inside a UTF-8 sequence decodes with U+FFFD, as from_utf8_lossy does.
  assert.equal(tok.decode(ids("語").slice(0, 1)), "\ufffd");
});

test("the too-long warning appears once per tokenizer with HF's text", async () => {
  const t = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const seen: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => seen.push(m);
  try {
    const long = "word ".repeat(600); // "word", 599 × " word", " ", <s>, </s>: 603
    t([long, long]);
    t(long);
    t(long, { truncation: true });
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(seen, [
    "Token indices sequence length is longer than the specified maximum sequence length for this model (603 > 512). Running this sequence through the model will result in indexing errors",
  ]);
});

test("a notebook shows the tokenizer as transformers prints it", () => {
  const text = tok[REPR_MIMEBUNDLE]()["text/plain"] as string;
  assert.match(text, /^PreTrainedTokenizerFast\(name_or_path='roberta-base-tokenizer', vocab_size=50265, model_max_length=512, padding_side='right', truncation_side='right', special_tokens=\{"bos_token":"<s>",/);
  assert.match(text, /"mask_token":"<mask>"\}\)$/);
  assert.equal(inspect(tok), text);
});
