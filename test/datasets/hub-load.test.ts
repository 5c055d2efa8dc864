// Acceptance: loading through the real @huggingface/hub client from the Hub stand-in.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CorruptFileError, DatasetNotFoundError, SplitStringError, UnknownSplitError, featuresToJson, loadDataset } from "../../src/engine/datasets/index";
import { HubOfflineError, RepoNotFoundError } from "../../src/engine/hub/index";
import { featuresFromJson } from "../../src/engine/datasets/features";
import { numpyPermutation } from "../../src/engine/datasets/numpy-random";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { isolateHubEnv } from "../hub-stand-in/isolated-env";
import { ELI5_FEATURES_JSON, eli5Parquet, eli5Rows, jsonLinesGz, tempDir } from "./fixtures";

let hub: HubStandIn;
let jsonCommit: string;
let cache: ReturnType<typeof tempDir>;
const rows = eli5Rows(6500);
let restoreEnv: () => void;

before(async () => {
  cache = tempDir("ds-cache-");
  restoreEnv = isolateHubEnv(cache.path);
  hub = await startHubStandIn();
  // Like eli5_category on the Hub: a script repo whose rows live in the Parquet conversion, train in two shards.
  hub.addRepo({
    type: "dataset",
    id: "eli5_category",
    files: { "eli5_category.py": "# loading script", "README.md": "# ELI5" },
    parquet: {
      "default/train/0000.parquet": eli5Parquet(rows.slice(0, 3000), { hfMetadata: true }),
      "default/train/0001.parquet": eli5Parquet(rows.slice(3000, 6000), { hfMetadata: true }),
      "default/validation1/0000.parquet": eli5Parquet(rows.slice(6000), { hfMetadata: true }),
    },
  });
  jsonCommit = hub.addRepo({ type: "dataset", id: "acme/eli5-json", files: { "data/train.jsonl.gz": jsonLinesGz(rows.slice(0, 300)), "data/test.jsonl.gz": jsonLinesGz(rows.slice(300, 400)), "README.md": "# json" } }).commit;
  hub.addRepo({ type: "dataset", id: "acme/eli5-plain-parquet", files: { "train.parquet": eli5Parquet(rows.slice(0, 50)) } });
  hub.addRepo({ type: "dataset", id: "stand-in-org/private-eli5", files: { "train.jsonl.gz": jsonLinesGz(rows.slice(0, 10)) }, private: true });
  hub.addRepo({ type: "dataset", id: "acme/broken", files: { "data/train-00000-of-00001.parquet": new TextEncoder().encode("this is not parquet at all") } });
});
after(async () => {
  await hub.close();
  cache.remove();
  restoreEnv();
});

const opts = () => ({ hubUrl: hub.url, cacheDir: cache.path });

test("a Parquet repo with nested answers loads with eli5_category's schema; train[:5000] keeps the first 5000 rows in order", async () => {
  const ds = await loadDataset("eli5_category", { ...opts(), split: "train[:5000]" });
  assert.equal(ds.numRows, 5000);
  assert.deepEqual(featuresToJson(ds.features), featuresToJson(featuresFromJson(ELI5_FEATURES_JSON)));
  assert.deepEqual(ds.column("q_id"), rows.slice(0, 5000).map((r) => r.q_id));
  assert.deepEqual(ds.row(4999), rows[4999]);
  assert.deepEqual(ds.row(3000).answers, rows[3000].answers, "rows continue across the two shard files");
});

test("trainTestSplit({testSize: 0.2, seed: 42}) gives 4000/1000, repeatably, with numpy's permutation as datasets does", async () => {
  const ds = await loadDataset("eli5_category", { ...opts(), split: "train[:5000]" });
  const a = ds.trainTestSplit({ testSize: 0.2, seed: 42 });
  const b = ds.trainTestSplit({ testSize: 0.2, seed: 42 });
  assert.deepEqual(a.numRows, { train: 4000, test: 1000 });
  assert.deepEqual(a.train.column("q_id"), b.train.column("q_id"));
  assert.deepEqual(a.test.column("q_id"), b.test.column("q_id"));
  const perm = numpyPermutation(5000, 42);
  assert.deepEqual(a.test.column("q_id"), Array.from(perm.subarray(0, 1000), (i) => `q${i}`));
  assert.deepEqual(a.train.column("q_id"), Array.from(perm.subarray(1000), (i) => `q${i}`));
  const other = ds.trainTestSplit({ testSize: 0.2, seed: 7 });
  assert.notDeepEqual(other.test.column("q_id"), a.test.column("q_id"));
});

test("flatten() yields answers.a_id, answers.text, answers.score, answers.text_urls", async () => {
  const dd = (await loadDataset("eli5_category", { ...opts(), split: "train[:100]" })).trainTestSplit({ testSize: 0.2, seed: 42 });
  const flat = dd.flatten();
  assert.deepEqual(flat.train.columnNames, ["q_id", "title", "selftext", "category", "subreddit", "answers.a_id", "answers.text", "answers.score", "answers.text_urls", "title_urls", "selftext_urls"]);
  const row = flat.train.row(0);
  const original = rows.find((r) => r.q_id === row.q_id)!;
  assert.deepEqual(row["answers.text"], original.answers.text);
  assert.deepEqual(row["answers.text_urls"], original.answers.text_urls);
  assert.equal(flat.train.features["answers.score"].type, "List");
});

test("a second load reads from the cache with no request for file contents", async () => {
  await loadDataset("eli5_category", { ...opts(), split: "train[:5000]" });
  const before = hub.contentRequests().length;
  const again = await loadDataset("eli5_category", { ...opts(), split: "train[:5000]" });
  assert.equal(again.numRows, 5000);
  assert.deepEqual(hub.contentRequests().slice(before), []);
  const repo = join(cache.path, "hub", "datasets--eli5_category");
  const commit = readFileSync(join(repo, "refs", "refs", "convert", "parquet"), "utf8");
  assert.ok(existsSync(join(repo, "snapshots", commit, "default", "train", "0001.parquet")), "files sit in the Hugging Face cache layout");
  assert.ok(!existsSync(join(repo, "snapshots", commit, "default", "validation1")), "splits that were not asked for are not downloaded");
});

test("without a split, every split loads into a DatasetDict (Parquet conversion split names kept)", async () => {
  const dd = await loadDataset("eli5_category", opts());
  assert.deepEqual(dd.numRows, { train: 6000, validation1: 500 });
  const mixed = await loadDataset("eli5_category", { ...opts(), split: "train[:1%]+validation1[-10:]" });
  assert.deepEqual(mixed.column("q_id"), [...rows.slice(0, 60), ...rows.slice(6490)].map((r) => r.q_id));
});

test("a JSON.gz repo loads with the right schema and splits from file names", async () => {
  const dd = await loadDataset("acme/eli5-json", opts());
  assert.deepEqual(dd.numRows, { test: 100, train: 300 });
  assert.deepEqual(dd.train.row(7), rows[7]);
  const f = featuresToJson(dd.train.features) as Record<string, unknown>;
  assert.deepEqual(f.answers, { a_id: { feature: { dtype: "string", _type: "Value" }, _type: "List" }, text: { feature: { dtype: "string", _type: "Value" }, _type: "List" }, score: { feature: { dtype: "int64", _type: "Value" }, _type: "List" }, text_urls: { feature: { feature: { dtype: "string", _type: "Value" }, _type: "List" }, _type: "List" } });
});

test("a repo's own Parquet file without datasets metadata gets its schema from Parquet's", async () => {
  const ds = await loadDataset("acme/eli5-plain-parquet", { ...opts(), split: "train" });
  assert.deepEqual(featuresToJson(ds.features), featuresToJson(featuresFromJson(ELI5_FEATURES_JSON)));
  assert.deepEqual(ds.row(3), rows[3]);
});

test("an unknown dataset gives a clear 404 naming it", async () => {
  await assert.rejects(loadDataset("acme/no-such-dataset", { ...opts(), token: hub.token }), (e: unknown) => e instanceof DatasetNotFoundError && /acme\/no-such-dataset/.test(e.message) && /404/.test(e.message));
});

test("an unknown split lists the splits there are", async () => {
  await assert.rejects(loadDataset("eli5_category", { ...opts(), split: "validation[:10]" }), (e: unknown) => e instanceof UnknownSplitError && /"validation"/.test(e.message) && /"train", "validation1"/.test(e.message));
});

test("a malformed split string says what is wrong and shows valid forms", async () => {
  for (const bad of ["train[:5000", "train[::2]", "train[a:b]", "train[:200%]", ""]) {
    await assert.rejects(loadDataset("eli5_category", { ...opts(), split: bad }), (e: unknown) => e instanceof SplitStringError && e.message.includes("train[:5000]"), bad);
  }
});

test("a private repo without a token fails with 401 and says to log in; with the token it loads", async () => {
  await assert.rejects(loadDataset("stand-in-org/private-eli5", opts()), (e: unknown) => e instanceof RepoNotFoundError && e.status === 401 && /login\(/.test(e.message));
  const ds = await loadDataset("stand-in-org/private-eli5", { ...opts(), token: hub.token, split: "train" });
  assert.equal(ds.numRows, 10);
});

test("a corrupt Parquet file is named in the error", async () => {
  await assert.rejects(loadDataset("acme/broken", { ...opts(), split: "train" }), (e: unknown) => e instanceof CorruptFileError && /train-00000-of-00001\.parquet/.test(e.message) && /Parquet/.test(e.message));
});

test("with the Hub unreachable, a cached dataset still loads; an uncached one says offline and names the bundled sample", async () => {
  await loadDataset("acme/eli5-json", { ...opts(), split: "train" });
  hub.setOffline(true);
  try {
    const ds = await loadDataset("acme/eli5-json", { ...opts(), split: "train[:5]" });
    assert.deepEqual(ds.column("q_id"), ["q0", "q1", "q2", "q3", "q4"]);
    const converted = await loadDataset("eli5_category", { ...opts(), split: "train[:5000]" });
    assert.equal(converted.numRows, 5000, "the cached Parquet conversion is found through refs/refs/convert/parquet");
    await assert.rejects(loadDataset("acme/eli5-plain-parquet-never-loaded", opts()), (e: unknown) => e instanceof HubOfflineError && /offline/.test(e.message) && /loadDataset\("eli5_sample"\)/.test(e.message));
  } finally {
    hub.setOffline(false);
  }
});

test("a revision pins the repo's files: a commit loads, an unknown one is named", async () => {
  const ds = await loadDataset("acme/eli5-json", { ...opts(), split: "test[:3]", revision: jsonCommit });
  assert.deepEqual(ds.column("q_id"), ["q300", "q301", "q302"]);
  await assert.rejects(loadDataset("acme/eli5-json", { ...opts(), revision: "v2.0" }), /Revision "v2.0" does not exist in "acme\/eli5-json"/);
});
