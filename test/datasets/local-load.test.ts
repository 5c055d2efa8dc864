import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CorruptFileError, DatasetNotFoundError, UnknownSplitError, featuresToJson, loadDataset } from "../../src/engine/datasets/index";
import { featuresFromJson } from "../../src/engine/datasets/features";
import { ELI5_FEATURES_JSON, eli5Parquet, eli5Rows, jsonLinesGz, tempDir } from "./fixtures";

let dir: ReturnType<typeof tempDir>;
const rows = eli5Rows(40);
const p = (name: string) => join(dir.path, name);

before(() => {
  dir = tempDir("local-load-");
  writeFileSync(p("rows.jsonl.gz"), jsonLinesGz(rows));
  writeFileSync(p("rows.json"), JSON.stringify(rows.slice(0, 5), null, 2));
  writeFileSync(p("rows.parquet"), eli5Parquet(rows));
  writeFileSync(p("table.csv"), 'id,name,score,note\n1,"Smith, J",3.5,\n2,Lee,4,"multi\nline"\n');
  writeFileSync(p("lines.txt"), "first line\r\nsecond line\n\nfourth\n");
  writeFileSync(p("broken.jsonl"), '{"a": 1}\n{"a": 2\n');
  writeFileSync(p("one.jsonl"), '{"a": 1, "b": "x"}');
  writeFileSync(p("columns.json"), '{"a": [1, 2], "b": ["x", "y"]}');
  mkdirSync(p("folder"));
  writeFileSync(p("folder/train.jsonl.gz"), jsonLinesGz(rows.slice(0, 30)));
  writeFileSync(p("folder/test.jsonl.gz"), jsonLinesGz(rows.slice(30)));
  writeFileSync(p("folder/dataset_info.json"), JSON.stringify({ description: "x", features: ELI5_FEATURES_JSON }));
});
after(() => dir.remove());

test("json: JSON Lines (gzipped) and a JSON list load as rows", async () => {
  const ds = await loadDataset("json", { dataFiles: p("rows.jsonl.gz"), split: "train" });
  assert.equal(ds.numRows, 40);
  assert.deepEqual(ds.row(12), rows[12]);
  const list = await loadDataset("json", { dataFiles: p("rows.json"), split: "train[1:3]" });
  assert.deepEqual(list.column("q_id"), ["q1", "q2"]);
  assert.deepEqual((await loadDataset("json", { dataFiles: p("one.jsonl"), split: "train" })).toList(), [{ a: 1, b: "x" }]);
  assert.deepEqual((await loadDataset("json", { dataFiles: p("columns.json"), split: "train" })).toList(), [{ a: 1, b: "x" }, { a: 2, b: "y" }]);
});

test("parquet, csv and text load locally, with several files per split and named splits", async () => {
  const dd = await loadDataset("parquet", { dataFiles: { train: [p("rows.parquet"), p("rows.parquet")], test: p("rows.parquet") } });
  assert.deepEqual(dd.numRows, { train: 80, test: 40 });
  assert.deepEqual(dd.train.row(41), rows[1]);
  const csv = await loadDataset("csv", { dataFiles: p("table.csv"), split: "train" });
  assert.deepEqual(csv.toList(), [{ id: 1, name: "Smith, J", score: 3.5, note: null }, { id: 2, name: "Lee", score: 4, note: "multi\nline" }]);
  assert.equal(csv.featuresRepr(), "{'id': Value('int64'), 'name': Value('string'), 'score': Value('float64'), 'note': Value('string')}");
  const text = await loadDataset("text", { dataFiles: p("lines.txt"), split: "train" });
  assert.deepEqual(text.column("text"), ["first line", "second line", "", "fourth"]);
});

test("a local folder with dataset_info.json loads its splits with those features (score is int32)", async () => {
  const dd = await loadDataset(p("folder"));
  assert.deepEqual(dd.numRows, { test: 10, train: 30 });
  assert.deepEqual(featuresToJson(dd.train.features), featuresToJson(featuresFromJson(ELI5_FEATURES_JSON)));
  await assert.rejects(loadDataset(p("folder"), { split: "validation" }), (e: unknown) => e instanceof UnknownSplitError && /"train", "test"/.test(e.message));
});

test("the bundled eli5_sample loads by name with eli5_category's schema and at least 2,000 records", async () => {
  const ds = await loadDataset("eli5_sample", { split: "train" });
  assert.ok(ds.numRows >= 2000, `${ds.numRows} rows`);
  assert.deepEqual(ds.columnNames, ["q_id", "title", "selftext", "category", "subreddit", "answers", "title_urls", "selftext_urls"]);
  assert.equal(ds.features.answers.type, "Struct");
  assert.equal(ds.featuresRepr().includes("'score': List(Value('int32'))"), true);
  const first = await loadDataset("eli5_sample", { split: "train[:5000]" });
  assert.equal(first.numRows, Math.min(5000, ds.numRows));
  assert.deepEqual(first.row(0), ds.row(0));
});

test("bad local input is named: missing files, corrupt JSON, unknown names", async () => {
  await assert.rejects(loadDataset("json", { dataFiles: p("nope.jsonl") }), /Data file ".*nope\.jsonl" does not exist/);
  await assert.rejects(loadDataset("json", {}), /needs dataFiles/);
  await assert.rejects(loadDataset("json", { dataFiles: p("broken.jsonl") }), (e: unknown) => e instanceof CorruptFileError && /broken\.jsonl \(line 2\)/.test(e.message));
  await assert.rejects(loadDataset("parquet", { dataFiles: p("rows.json") }), (e: unknown) => e instanceof CorruptFileError && /rows\.json/.test(e.message));
  const empty = tempDir("empty-");
  try {
    await assert.rejects(loadDataset(empty.path), (e: unknown) => e instanceof DatasetNotFoundError && /holds no Parquet, JSON, CSV or text files/.test(e.message));
  } finally {
    empty.remove();
  }
});
