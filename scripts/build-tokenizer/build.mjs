// Builds resources/tokenizers/roberta-base-tokenizer/: roberta-base's own tokenizer (the ids of
// every RoBERTa checkpoint on the Hub, distilroberta-base's included), laid out as
// distilbert/distilroberta-base ships its tokenizer files, from the real vocab.json and
// merges.txt in ../shared/reference/roberta-base/ (their hashes are checked here).
// Rerunnable: the same inputs give the same bytes (checked by test/tokenizers).
//
// Usage: node scripts/build-tokenizer/build.mjs [outDir] [referenceDir]
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const outDir = process.argv[2] ?? join(root, "resources/tokenizers/roberta-base-tokenizer");
const refDir = process.argv[3] ?? join(root, "../shared/reference/roberta-base");
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
// The hashes of roberta-base's Hub files (revision e2da8e2f), as the reference README records them.
const EXPECTED = {
  "vocab.json": "9e7f63c2d15d666b52e21d250d2e513b87c9b713cfa6987a82ed89e5e6e50655",
  "merges.txt": "1ce1664773c50f3e0cc8842619a93edc4624525b728b188a9e0be33b7726adc5",
};
const vocabRaw = readFileSync(join(refDir, "vocab.json"));
const mergesRaw = readFileSync(join(refDir, "merges.txt"));
for (const [name, raw] of [["vocab.json", vocabRaw], ["merges.txt", mergesRaw]]) {
  if (sha256(raw) !== EXPECTED[name]) throw new Error(`${join(refDir, name)}: sha256 ${sha256(raw)} is not roberta-base's ${EXPECTED[name]}`);
}
/** @type {Record<string, number>} */
const vocab = JSON.parse(vocabRaw.toString("utf8"));
if (Object.keys(vocab).length !== 50265) throw new Error(`expected 50265 tokens, got ${Object.keys(vocab).length}`);
const specials = ["<s>", "<pad>", "</s>", "<unk>"];
specials.forEach((t, i) => { if (vocab[t] !== i) throw new Error(`${t} is ${vocab[t]}, not ${i}`); });
const maskId = vocab["<mask>"];
if (maskId !== 50264) throw new Error(`<mask> is ${maskId}, not 50264`);

const mergeLines = mergesRaw.toString("utf8").split("\n");
if (!mergeLines[0].startsWith("#version")) throw new Error("merges.txt: first line is not a #version header");
const merges = mergeLines.slice(1).filter((l) => l.length > 0);

/** One added-token entry as tokenizers serializes it. */
const added = (id, content, lstrip) => ({ id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true });
const addedTokens = [...specials.map((t, i) => added(i, t, false)), added(maskId, "<mask>", true)];

const tokenizerJson = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: addedTokens,
  normalizer: null,
  pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: "RobertaProcessing", sep: ["</s>", 2], cls: ["<s>", 0], trim_offsets: true, add_prefix_space: false },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "",
    fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges,
  },
};

const tokenConfig = ({ id, special, ...rest }) => ({ ...rest, special });
const tokenizerConfig = {
  add_prefix_space: false,
  added_tokens_decoder: Object.fromEntries(addedTokens.map((t) => [String(t.id), tokenConfig(t)])),
  bos_token: "<s>",
  clean_up_tokenization_spaces: false,
  cls_token: "<s>",
  eos_token: "</s>",
  errors: "replace",
  mask_token: "<mask>",
  model_max_length: 512,
  pad_token: "<pad>",
  sep_token: "</s>",
  tokenizer_class: "RobertaTokenizer",
  trim_offsets: true,
  unk_token: "<unk>",
};
const specialTokensMap = {
  bos_token: "<s>", cls_token: "<s>", eos_token: "</s>",
  mask_token: { content: "<mask>", lstrip: true, normalized: false, rstrip: false, single_word: false },
  pad_token: "<pad>", sep_token: "</s>", unk_token: "<unk>",
};

const readme = `# roberta-base-tokenizer

The tokenizer of \`FacebookAI/roberta-base\` (which \`distilbert/distilroberta-base\` shares), laid
out as distilroberta-base ships its tokenizer files: the ids of every RoBERTa checkpoint on the
Hub. Load it by name, offline:

\`\`\`ts
const tokenizer = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
\`\`\`

Source: roberta-base's \`vocab.json\` (sha256 ${sha256(vocabRaw)}) and \`merges.txt\`
(sha256 ${sha256(mergesRaw)}): the hashes of its Hub files at revision e2da8e2f. The vocabulary
is fairseq's (MIT); the merges are GPT-2's \`vocab.bpe\` byte for byte (OpenAI, modified MIT).
See LICENSE.

Built by \`node scripts/build-tokenizer/build.mjs\`; rerunning it gives these bytes again.

- \`vocab.json\`, \`merges.txt\`: the reference files unchanged. \`<s>\`=0, \`<pad>\`=1, \`</s>\`=2,
  \`<unk>\`=3, \`madeupword0000\`..\`madeupword0002\` at 50261..50263, \`<mask>\`=50264: 50,265 ids.
- \`tokenizer.json\`: the same vocabulary and merges with RoBERTa's ByteLevel pre-tokenizer and
  decoder, RobertaProcessing (\`<s> A </s>\`, \`<s> A </s></s> B </s>\`) and \`<mask>\` with lstrip.
- \`tokenizer_config.json\`, \`special_tokens_map.json\`: RobertaTokenizer settings,
  \`model_max_length\` 512.

Known outputs, as Hugging Face's tokenizer gives them (pinned by test/tokenizers/bundled.test.ts):
"Hello world" → [0, 31414, 232, 2]; " Hello world" → [0, 20920, 232, 2];
"The capital of France is <mask>." → [0, 133, 812, 9, 1470, 16, 50264, 4, 2].
`;
const license = `vocab.json is RoBERTa's vocabulary, from fairseq (github.com/facebookresearch/fairseq),
released under the MIT License:

MIT License

Copyright (c) Facebook, Inc. and its affiliates.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

merges.txt is GPT-2's byte-level BPE merges (github.com/openai/gpt-2), released by OpenAI
under a modified MIT License: the MIT License above, with "Copyright (c) 2019 OpenAI".
`;

mkdirSync(outDir, { recursive: true });
const write = (name, text) => writeFileSync(join(outDir, name), text);
writeFileSync(join(outDir, "vocab.json"), vocabRaw);
writeFileSync(join(outDir, "merges.txt"), mergesRaw);
write("tokenizer.json", JSON.stringify(tokenizerJson, null, 2));
write("tokenizer_config.json", JSON.stringify(tokenizerConfig, null, 2) + "\n");
write("special_tokens_map.json", JSON.stringify(specialTokensMap, null, 2) + "\n");
write("README.md", readme);
write("LICENSE", license);
console.log(`wrote ${outDir} (${Object.keys(vocab).length} tokens, ${merges.length} merges)`);
