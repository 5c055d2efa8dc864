// The bundled offline sample (resources/datasets/eli5_sample): read straight from the file with
// node:zlib + JSON, not through the engine's loader, so the data is checked on its own.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";

const root = new URL("../..", import.meta.url).pathname;
const folder = join(root, "resources/datasets/eli5_sample");
const dataFile = join(folder, "train.jsonl.gz");
const docsRoot = "/usr/share/doc/python3.11/html";
const builtFromVersion = "3.11.2-6+deb12u9";

type Feature =
  | { _type: "Value"; dtype: string }
  | { _type: "List" | "Sequence"; feature: Feature }
  | { [name: string]: Feature };

interface Answers { a_id: string[]; text: string[]; score: number[]; text_urls: string[][] }
interface Record {
  q_id: string; title: string; selftext: string; category: string; subreddit: string;
  answers: Answers; title_urls: string[]; selftext_urls: string[];
}

const str = { dtype: "string", _type: "Value" };
const list = (feature: object) => ({ feature, _type: "List" });
// eli5_category's features, in its column order, as `datasets` writes them.
const ELI5_CATEGORY_FEATURES = {
  q_id: str, title: str, selftext: str, category: str, subreddit: str,
  answers: { a_id: list(str), text: list(str), score: list({ dtype: "int32", _type: "Value" }), text_urls: list(list(str)) },
  title_urls: list(str), selftext_urls: list(str),
};

const records: Record[] = gunzipSync(readFileSync(dataFile))
  .toString("utf8").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line) as Record);
const info = JSON.parse(readFileSync(join(folder, "dataset_info.json"), "utf8")) as {
  features: { [name: string]: Feature }; splits: { train: { num_examples: number } };
};
const words = (text: string) => text.split(/\s+/).filter((w) => w !== "").length;

// Checks a value against an HF features JSON node exactly: keys in order, no extra keys,
// Value dtypes string and int32 (the only ones eli5_category uses).
function conform(value: unknown, feature: Feature, path: string): void {
  if (feature._type === "Value") {
    const { dtype } = feature as { dtype: string };
    if (dtype === "string") assert.equal(typeof value, "string", `${path} should be a string`);
    else if (dtype === "int32") assert.ok(Number.isInteger(value) && (value as number) >= -(2 ** 31) && (value as number) < 2 ** 31, `${path} should be int32`);
    else assert.fail(`unexpected dtype ${dtype} at ${path}`);
  } else if (feature._type === "List" || feature._type === "Sequence") {
    assert.ok(Array.isArray(value), `${path} should be a list`);
    (value as unknown[]).forEach((v, i) => conform(v, (feature as { feature: Feature }).feature, `${path}[${i}]`));
  } else {
    assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), `${path} should be a struct`);
    assert.deepEqual(Object.keys(value as object), Object.keys(feature), `${path} keys`);
    for (const [k, f] of Object.entries(feature)) conform((value as { [k: string]: unknown })[k], f as Feature, `${path}.${k}`);
  }
}

test("dataset_info.json declares exactly eli5_category's features and the file's row count", () => {
  assert.deepEqual(info.features, ELI5_CATEGORY_FEATURES);
  assert.deepEqual(Object.keys(info.features), Object.keys(ELI5_CATEGORY_FEATURES));
  assert.equal(info.splits.train.num_examples, records.length);
});

test("enough rows for the tutorial's train[:5000] and 400,000 words of answers, in a few MB", () => {
  assert.ok(records.length >= 5000, `${records.length} records; the tutorial slices train[:5000]`);
  const total = records.reduce((n, r) => n + r.answers.text.reduce((m, t) => m + words(t), 0), 0);
  assert.ok(total >= 400_000, `${total} words of answers`);
  assert.ok(statSync(dataFile).size <= 5 * 2 ** 20, `${statSync(dataFile).size} bytes compressed`);
});

test("every record has exactly the schema and types, parallel answer lists, no empty answer", () => {
  records.forEach((r, i) => {
    conform(r, info.features as Feature, `row ${i}`);
    const n = r.answers.text.length;
    assert.ok(n > 0, `row ${i} (${r.q_id}) has no answers`);
    for (const key of ["a_id", "score", "text_urls"] as const) assert.equal(r.answers[key].length, n, `row ${i} answers.${key}`);
    assert.ok(r.answers.text.every((t) => t.trim() !== "" && t === t.trim() && !/\s{2}/.test(t)), `row ${i} answer text empty or not collapsed`);
    assert.ok(r.title.trim() !== "", `row ${i} title empty`);
    assert.equal(r.subreddit, "python_docs");
    // Score is the paragraph's rank: n for the first, 1 for the last (see the README).
    assert.deepEqual(r.answers.score, r.answers.text.map((_, k) => n - k));
    assert.ok(r.answers.text_urls.flat().concat(r.title_urls).every((u) => /^(https?|ftp):\/\//.test(u)), `row ${i} url`);
  });
});

test("q_id and a_id are unique, and records come page by page in document order", () => {
  assert.equal(new Set(records.map((r) => r.q_id)).size, records.length);
  const aIds = records.flatMap((r) => r.answers.a_id);
  assert.equal(new Set(aIds).size, aIds.length);
  const pages = records.map((r) => r.q_id.split("#")[0]);
  const runs = pages.filter((p, i) => i === 0 || p !== pages[i - 1]);
  assert.equal(new Set(runs).size, runs.length, "a page's records are split apart");
  assert.equal(pages[0], "whatsnew/index.html", "contents.html starts with What's New");
});

test("the README states the counts and the licence ships beside the data", () => {
  const readme = readFileSync(join(folder, "README.md"), "utf8");
  const total = records.reduce((n, r) => n + r.answers.text.reduce((m, t) => m + words(t), 0), 0);
  assert.ok(readme.includes(records.length.toLocaleString("en-US")), "README record count");
  assert.ok(readme.includes(total.toLocaleString("en-US")), "README word count");
  assert.match(readFileSync(join(folder, "LICENSE"), "utf8"), /PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2/);
});

function installedDocsVersion(): string | null {
  if (!existsSync(docsRoot)) return null;
  const q = spawnSync("dpkg-query", ["-W", "-f=${Version}", "python3.11-doc"], { encoding: "utf8" });
  return q.status === 0 ? q.stdout.trim() : null;
}
const docsVersion = installedDocsVersion();
const sameDocs = docsVersion === builtFromVersion
  ? false
  : `needs python3.11-doc ${builtFromVersion} installed (found ${docsVersion ?? "none"})`;

test("nothing invented: titles and answers are text of their source page", { skip: sameDocs }, () => {
  const pageText = new Map<string, string>();
  const textOf = (page: string) => {
    if (!pageText.has(page)) {
      const html = readFileSync(join(docsRoot, page), "utf8");
      const text = html.replace(/<[^>]*>/g, "")
        .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
        .replace(/\s+/g, " ");
      pageText.set(page, text);
    }
    return pageText.get(page)!;
  };
  // Every 97th record: a spread over all books, kept small so the test stays fast.
  for (let i = 0; i < records.length; i += 97) {
    const r = records[i];
    const source = textOf(r.q_id.split("#")[0]);
    for (const t of r.answers.text) assert.ok(source.includes(t), `${r.q_id}: answer not in its page: ${t.slice(0, 80)}`);
    for (const part of r.title.split("; ")) assert.ok(source.includes(part), `${r.q_id}: title not in its page`);
  }
});

test("the committed build script rebuilds the same bytes", { skip: sameDocs || !existsSync("/usr/bin/python3") }, () => {
  const out = mkdtempSync(join(tmpdir(), "eli5-sample-"));
  try {
    const run = spawnSync("/usr/bin/python3", [join(root, "scripts/build-sample/build.py"), "--out", out], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    for (const name of ["train.jsonl.gz", "dataset_info.json", "LICENSE"]) {
      assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(folder, name))), `${name} differs from a fresh build`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
