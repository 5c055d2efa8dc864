// Full-sample exactness check (the unit test takes every 8th row to stay fast): every row's
// joined answers, every single answer and every title of the bundled sample, encoded by ours and
// by @huggingface/tokenizers from the same tokenizer.json; also decode(encode(x)) == x.
// Usage: node --import tsx bench/tokenizer/exactness.ts   (exits 1 on any difference)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Tokenizer } from "@huggingface/tokenizers";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { BUNDLED, SAMPLE, sampleAnswers } from "../../test/tokenizers/corpus";

const reference = new Tokenizer(
  JSON.parse(readFileSync(join(BUNDLED, "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(BUNDLED, "tokenizer_config.json"), "utf8")),
);
const tok = await AutoTokenizer.fromPretrained(BUNDLED);
const texts = sampleAnswers(1);
for (const line of gunzipSync(readFileSync(SAMPLE)).toString("utf8").split("\n")) {
  if (!line) continue;
  const row = JSON.parse(line) as { title: string; answers: { text: string[] } };
  texts.push(row.title, ...row.answers.text);
}
let idDiffs = 0;
let roundTripDiffs = 0;
let tokens = 0;
for (const text of texts) {
  const ours = tok(text).input_ids;
  const theirs = reference.encode(text).ids;
  tokens += ours.length;
  if (ours.length !== theirs.length || ours.some((id, i) => id !== theirs[i])) {
    if (idDiffs++ < 5) console.log("ids differ:", JSON.stringify(text.slice(0, 100)));
  }
  // <mask>'s lstrip takes the whitespace before it, in HF as here.
  if (tok.decode(tok.encode(text, { addSpecialTokens: false })) !== text.replace(/\s+(?=<mask>)/g, "")) {
    if (roundTripDiffs++ < 5) console.log("round trip differs:", JSON.stringify(text.slice(0, 100)));
  }
}
console.log(`${texts.length} texts, ${tokens} tokens: ids differ in ${idDiffs}, decode(encode(x)) != x in ${roundTripDiffs}`);
if (idDiffs || roundTripDiffs) process.exitCode = 1;
