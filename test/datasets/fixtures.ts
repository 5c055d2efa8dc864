// Test data in eli5_category's exact schema, written as real Parquet (nested answers struct of
// lists, via hyparquet-writer) and JSON Lines (gzipped), plus temp folders.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parquetWriteBuffer } from "hyparquet-writer";

export interface Eli5Row {
  q_id: string;
  title: string;
  selftext: string;
  category: string;
  subreddit: string;
  answers: { a_id: string[]; text: string[]; score: number[]; text_urls: string[][] };
  title_urls: string[];
  selftext_urls: string[];
}

const WORDS = "the a water light sound heat cells energy because when why how moves faster slower air pressure sun earth moon planet wave atom".split(" ");

/** Deterministic ELI5-shaped rows: row i has (i % 3) + 1 answers of a few dozen words. */
export function eli5Rows(n: number, from = 0): Eli5Row[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const answers = (i % 3) + 1;
    const text = Array.from({ length: answers }, (_, a) => Array.from({ length: 12 + ((i * 7 + a * 5) % 40) }, (_, w) => WORDS[(i * 31 + a * 17 + w * 13) % WORDS.length]).join(" "));
    return {
      q_id: `q${i}`,
      title: `Why does question ${i} happen?`,
      selftext: i % 5 === 0 ? `details ${i}` : "",
      category: ["Physics", "Biology", "Chemistry", "Other"][i % 4],
      subreddit: "explainlikeimfive",
      answers: {
        a_id: text.map((_, a) => `a${i}_${a}`),
        text,
        score: text.map((_, a) => (i + a) % 50),
        text_urls: text.map((_, a) => (a === 0 && i % 4 === 0 ? [`https://example.org/${i}`] : [])),
      },
      title_urls: [],
      selftext_urls: i % 10 === 0 ? [`https://example.org/self/${i}`] : [],
    };
  });
}

/** datasets' features JSON for eli5_category (answers is a Sequence of a dict). */
export const ELI5_FEATURES_JSON = {
  q_id: { dtype: "string", _type: "Value" },
  title: { dtype: "string", _type: "Value" },
  selftext: { dtype: "string", _type: "Value" },
  category: { dtype: "string", _type: "Value" },
  subreddit: { dtype: "string", _type: "Value" },
  answers: {
    feature: {
      a_id: { dtype: "string", _type: "Value" },
      text: { dtype: "string", _type: "Value" },
      score: { dtype: "int32", _type: "Value" },
      text_urls: { feature: { dtype: "string", _type: "Value" }, length: -1, _type: "Sequence" },
    },
    length: -1,
    _type: "Sequence",
  },
  title_urls: { feature: { dtype: "string", _type: "Value" }, length: -1, _type: "Sequence" },
  selftext_urls: { feature: { dtype: "string", _type: "Value" }, length: -1, _type: "Sequence" },
};

type SchemaElement = { name: string; type?: string; converted_type?: string; repetition_type?: string; num_children?: number };
const str = (name: string): SchemaElement[] => [{ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" }];
const i32 = (name: string): SchemaElement[] => [{ name, type: "INT32", repetition_type: "OPTIONAL" }];
const listOf = (name: string, leaf: (n: string) => SchemaElement[]): SchemaElement[] => [
  { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
  { name: "list", repetition_type: "REPEATED", num_children: 1 },
  ...leaf("element"),
];

/** A Parquet file of ELI5 rows; with `hfMetadata`, datasets' "huggingface" key carries the features (as the Hub's conversion does). */
export function eli5Parquet(rows: Eli5Row[], options: { hfMetadata?: boolean } = {}): Uint8Array {
  const schema = [
    { name: "schema", num_children: 8 },
    ...str("q_id"),
    ...str("title"),
    ...str("selftext"),
    ...str("category"),
    ...str("subreddit"),
    { name: "answers", repetition_type: "OPTIONAL", num_children: 4 },
    ...listOf("a_id", str),
    ...listOf("text", str),
    ...listOf("score", i32),
    ...listOf("text_urls", (n) => listOf(n, str)),
    ...listOf("title_urls", str),
    ...listOf("selftext_urls", str),
  ];
  const names = ["q_id", "title", "selftext", "category", "subreddit", "answers", "title_urls", "selftext_urls"] as const;
  const buffer = parquetWriteBuffer({
    columnData: names.map((name) => ({ name, data: rows.map((r) => r[name]) })),
    schema: schema as never,
    kvMetadata: options.hfMetadata ? [{ key: "huggingface", value: JSON.stringify({ info: { features: ELI5_FEATURES_JSON } }) }] : [],
  });
  return new Uint8Array(buffer);
}

export function jsonLinesGz(rows: object[]): Uint8Array {
  return new Uint8Array(gzipSync(rows.map((r) => JSON.stringify(r)).join("\n") + "\n"));
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
