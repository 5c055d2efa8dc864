// Text for the tokenizer's exactness tests and benchmark: the bundled ELI5-shaped sample's
// answers (joined per row as the tutorial's preprocess_function does) and hand-written hard cases.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const BUNDLED = join(ROOT, "resources/tokenizers/roberta-base-tokenizer");
export const SAMPLE = join(ROOT, "resources/datasets/eli5_sample/train.jsonl.gz");

/** One string per sample row: " ".join(answers.text), as the tutorial tokenizes them. Every `step`-th row. */
export function sampleAnswers(step = 1): string[] {
  const lines = gunzipSync(readFileSync(SAMPLE)).toString("utf8").split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += step) {
    if (!lines[i]) continue;
    const row = JSON.parse(lines[i]) as { answers: { text: string[] } };
    out.push(row.answers.text.join(" "));
  }
  return out;
}

/** Texts that exercise every branch of the pre-tokenizer, the added tokens and UTF-8. */
export const HARD_CASES: string[] = [
  "",
  " ",
  "   ",
  "\t",
  "\n",
  "a",
  "Hello world",
  " leading space",
  "trailing space ",
  "trailing spaces   ",
  "runs   of    spaces\tand\ttabs\t\tand\n\nnewlines\r\n",
  "  \t \n mixed whitespace \u00a0nbsp\u2003em\u3000ideographic",
  "line\u2028separator and\u2029paragraph",
  "It's I'm they're we've I'll he'd don't DON'T it’s rock'n'roll ''quoted'' 'tis '",
  "o'clock 's 't 're 've 'm 'll 'd 'S 'LL",
  "numbers 0 7 42 1,234.56 3.14e-10 2024-11-27 1st 2nd 10^9 -5 +6 ½ ² Ⅻ ١٢٣ ๑๒",
  "https://huggingface.co/docs/transformers/tasks/masked_language_modeling?x=1&y=2#frag",
  "mail me: someone@example.com, or see www.example.org/path_(with)_parens.",
  "café naïve résumé Ångström façade ﬁancé",
  "cafe\u0301 decomposed n\u0303 combining marks",
  "日本語のテキストと中文文本和한국어 텍스트",
  "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ ✨🎉",
  "Math 𝐀𝐁𝐂 𝟙𝟚𝟛 ∑∫√∞ ≤≥ ±×÷",
  "Arabic العربية Hebrew עברית Devanagari हिन्दी Thai ภาษาไทย",
  "zero\u200bwidth\u200djoiner\u200c",
  "The capital of France is <mask>.",
  "<mask>",
  " <mask>",
  "a<mask>b",
  "a <mask> b",
  "two  <mask>  spaces",
  "<mask><mask> <mask>",
  "\t<mask>\n",
  "<s>inside</s> text <pad> and <unk> tokens",
  "<mask almost> < mask> <MASK> <s </s",
  "x".repeat(300),
  "supercalifragilisticexpialidocious antidisestablishmentarianism",
  "-".repeat(120) + "=".repeat(40),
  "!!!??? ... ,,, ;;; ::: \"quoted\" (parens) [brackets] {braces} <angle>",
  "snake_case camelCase PascalCase kebab-case SCREAMING_CASE",
  "def f(x):\n    return x ** 2  # comment\n\n\tif x:\n\t\tpass",
  "tab\tafter word\t",
  "space before newline \nand after\n ",
  "mixed123abc456 abc123 123abc",
  "\u00ad soft hyphen \ufffd replacement \u2060 word joiner",
];

/** Oniguruma's \s includes U+0085 and excludes U+FEFF, unlike JavaScript's: see gpt2-split.ts. */
export const WHITESPACE_DIFFERENCES: string[] = [
  "a\u0085b",
  " \u0085!",
  "!\u0085 x",
  "x \u0085\u0085 y",
  "\ufeffBOM at start",
  "a \ufeff b",
];
