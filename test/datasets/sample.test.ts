// The bundled offline sample (resources/datasets/eli5_sample): read straight from the file with
// node:zlib + JSON, not through the engine's loader, so the data is checked on its own.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gunzipSync } from "node:zlib";

const root = new URL("../..", import.meta.url).pathname;
const folder = join(root, "resources/datasets/eli5_sample");
const dataFile = join(folder, "train.jsonl.gz");
const docsRoot = "/usr/share/doc/python3.11/html";

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
  description: string; features: { [name: string]: Feature }; splits: { train: { num_examples: number } };
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

// Provenance: the sample is checked against the Python docs on this machine. It was built from one
// Debian revision of python3.11-doc (named in dataset_info.json); apt may serve another, whose
// pages differ in a few places (security fixes: 6 records of 14,177 between deb12u8 and deb12u9).
// Then only records the installed revision changed may differ from a fresh build, and each must
// show it: its text is no longer in its installed page. Without the docs the tests fail, saying so.
const builtFrom = /python3\.11-doc (\S+):/.exec(info.description)?.[1] ?? "(not named in dataset_info.json)";
function installedDocsVersion(): string | null {
  if (!existsSync(docsRoot)) return null;
  const q = spawnSync("dpkg-query", ["-W", "-f=${Version}", "python3.11-doc"], { encoding: "utf8" });
  return q.status === 0 ? q.stdout.trim() : null;
}
const docsVersion = installedDocsVersion();
const missing =
  docsVersion === null ? `the sample's source, Debian's python3.11-doc, is not installed (${docsRoot}): apt-get install python3.11-doc`
  : !existsSync("/usr/bin/python3") ? "the sample's build script needs /usr/bin/python3: apt-get install python3"
  : null;
const sameRevision = docsVersion === builtFrom;

const pageText = new Map<string, string>();
function textOf(page: string): string {
  if (!pageText.has(page)) {
    const html = readFileSync(join(docsRoot, page), "utf8");
    const text = html.replace(/<[^>]*>/g, "")
      .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
      .replace(/\s+/g, " ");
    pageText.set(page, text);
  }
  return pageText.get(page)!;
}
/** The first part of a record (title part or answer) that its installed page does not hold, or null. */
function notInPage(r: Record): string | null {
  const source = textOf(r.q_id.split("#")[0]);
  return [...r.title.split("; "), ...r.answers.text].find((t) => !source.includes(t)) ?? null;
}

interface Rebuild {
  files: { [name: string]: Buffer };
  records: Map<string, Record>;
}
const rebuildDir = mkdtempSync(join(tmpdir(), "eli5-sample-"));
after(() => rmSync(rebuildDir, { recursive: true, force: true }));
let rebuilding: Promise<Rebuild> | null = null;
/** The committed build script run once on the installed docs (~20 s). */
function rebuild(): Promise<Rebuild> {
  rebuilding ??= new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [join(root, "scripts/build-sample/build.py"), "--source", docsRoot, "--out", rebuildDir], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`build.py exited with ${code}: ${stderr}`));
      const files = Object.fromEntries(["train.jsonl.gz", "dataset_info.json", "LICENSE"].map((n) => [n, readFileSync(join(rebuildDir, n))]));
      const lines = gunzipSync(files["train.jsonl.gz"]).toString("utf8").split("\n").filter((l) => l !== "");
      resolve({ files, records: new Map(lines.map((l) => JSON.parse(l) as Record).map((r) => [r.q_id, r])) });
    });
  });
  return rebuilding;
}
/** Committed records that a fresh build from the installed docs does not give back unchanged. */
async function notRebuilt(): Promise<Record[]> {
  const { records: fresh } = await rebuild();
  return records.filter((r) => JSON.stringify(fresh.get(r.q_id)) !== JSON.stringify(r));
}

test("nothing invented: titles and answers are text of their source page", async () => {
  if (missing) assert.fail(`Cannot check where the sample's text comes from: ${missing}.`);
  // On another revision, records it changed are not looked for here: the rebuild test checks those.
  const changed = new Set(sameRevision ? [] : (await notRebuilt()).map((r) => r.q_id));
  // Every 97th record: a spread over all books, kept small so the test stays fast.
  for (let i = 0; i < records.length; i += 97) {
    const r = records[i];
    if (changed.has(r.q_id)) continue;
    const absent = notInPage(r);
    assert.equal(absent, null, `${r.q_id}: not in its page (python3.11-doc ${docsVersion}): ${absent?.slice(0, 80)}`);
  }
});

test("the committed build script rebuilds the sample from the installed docs: the same bytes, or only what another revision changed", async (t) => {
  if (missing) assert.fail(`Cannot rebuild the sample: ${missing}.`);
  const { files, records: fresh } = await rebuild();
  if (sameRevision) {
    for (const name of ["train.jsonl.gz", "dataset_info.json", "LICENSE"]) {
      assert.ok(files[name].equals(readFileSync(join(folder, name))), `${name} differs from a fresh build`);
    }
    return;
  }
  const rebuildHint = `python3.11-doc ${docsVersion} is installed, the sample was built from ${builtFrom}`;
  t.diagnostic(`${rebuildHint}: comparing record by record`);
  assert.ok(files.LICENSE.equals(readFileSync(join(folder, "LICENSE"))), `LICENSE differs from the installed package's copyright (${rebuildHint}): rebuild the sample with /usr/bin/python3 scripts/build-sample/build.py`);
  const freshInfo = JSON.parse(files["dataset_info.json"].toString("utf8")) as typeof info;
  assert.deepEqual(freshInfo.features, info.features, "the build script writes other features than the committed dataset_info.json");
  const changed = await notRebuilt();
  for (const r of changed) {
    // The build script parses the page: a record it gives back otherwise although the page still holds its text means the two disagree.
    assert.notEqual(notInPage(r), null, `${r.q_id} differs from a fresh build although its page still holds its text: the build script and the sample disagree. Rebuild it: /usr/bin/python3 scripts/build-sample/build.py`);
  }
  const added = [...fresh.keys()].filter((q) => !records.some((r) => r.q_id === q));
  t.diagnostic(`${changed.length} of ${records.length} records changed upstream (${[...new Set(changed.map((r) => r.q_id.split("#")[0]))].join(", ") || "none"}); ${added.length} new in ${docsVersion}`);
});
