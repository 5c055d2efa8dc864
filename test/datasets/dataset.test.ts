import assert from "node:assert/strict";
import { test } from "node:test";
import { MIME } from "../../src/api/mime";
import { Dataset, DatasetDict, type DatasetPayload } from "../../src/engine/datasets/index";
import { numpyPermutation } from "../../src/engine/datasets/numpy-random";
import { FETCH_PAGE, REPR_MIMEBUNDLE } from "../../src/engine/runtime/display";

const ds = Dataset.fromDict({
  id: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  meta: Array.from({ length: 10 }, (_, i) => ({ author: { name: `n${i}`, karma: i * 10 }, tags: [`t${i}`] })),
});

test("fromDict infers HF features; row, column, select, slice behave like datasets", () => {
  assert.equal(ds.featuresRepr(), "{'id': Value('int64'), 'meta': {'author': {'name': Value('string'), 'karma': Value('int64')}, 'tags': List(Value('string'))}}");
  assert.deepEqual(ds.shape, [10, 2]);
  assert.deepEqual(ds.row(-1), { id: 9, meta: { author: { name: "n9", karma: 90 }, tags: ["t9"] } });
  const row = ds.row(0);
  (row.meta as { tags: string[] }).tags.push("changed");
  assert.deepEqual((ds.row(0).meta as { tags: string[] }).tags, ["t0"], "rows are copies");
  assert.deepEqual(ds.select([3, 1]).column("id"), [3, 1]);
  assert.deepEqual(ds.slice(-3).column("id"), [7, 8, 9]);
  assert.throws(() => ds.select([10]), /out of range/);
  assert.throws(() => ds.column("nope"), /Its columns are: id, meta/);
  assert.throws(() => Dataset.fromDict({ a: [1], b: [1, 2] }), /a has 1, b has 2/);
});

test("flatten recurses into nested structs like datasets' flatten (lists of values stay lists)", () => {
  const flat = ds.flatten();
  assert.deepEqual(flat.columnNames, ["id", "meta.author.name", "meta.author.karma", "meta.tags"]);
  assert.deepEqual(flat.row(2), { id: 2, "meta.author.name": "n2", "meta.author.karma": 20, "meta.tags": ["t2"] });
  assert.deepEqual(ds.flatten({ maxDepth: 1 }).columnNames, ["id", "meta.author", "meta.tags"]);
});

test("shuffle({seed}) orders rows by numpy's permutation; filter keeps matching rows", async () => {
  assert.deepEqual(ds.shuffle({ seed: 42 }).column("id"), Array.from(numpyPermutation(10, 42)));
  assert.deepEqual((await ds.filter((r: { id: number }) => r.id % 3 === 0)).column("id"), [0, 3, 6, 9]);
  assert.deepEqual((await ds.filter((b: { id: number[] }) => b.id.map((x) => x > 6), { batched: true, batchSize: 4 })).column("id"), [7, 8, 9]);
});

test("trainTestSplit follows datasets' size rules", () => {
  const big = Dataset.fromDict({ x: Array.from({ length: 5000 }, (_, i) => i) });
  assert.deepEqual(big.trainTestSplit({ testSize: 0.2, seed: 1 }).numRows, { train: 4000, test: 1000 });
  assert.deepEqual(big.trainTestSplit({ seed: 1 }).numRows, { train: 3750, test: 1250 }, "testSize defaults to 0.25");
  assert.deepEqual(Dataset.fromDict({ x: [1, 2, 3, 4, 5, 6, 7] }).trainTestSplit({ testSize: 0.2, seed: 0 }).numRows, { train: 5, test: 2 }, "test = ceil(0.2 * 7)");
  assert.deepEqual(big.trainTestSplit({ testSize: 100, trainSize: 0.5, seed: 1 }).numRows, { train: 2500, test: 100 });
  const ordered = big.trainTestSplit({ testSize: 3, shuffle: false });
  assert.deepEqual(ordered.test.column("x"), [4997, 4998, 4999]);
  assert.deepEqual(ordered.train.column("x").slice(0, 3), [0, 1, 2]);
  assert.throws(() => big.trainTestSplit({ testSize: 1.5 }), /testSize=1.5 should be either positive and smaller than the number of samples 5000 or a float in the \(0, 1\) range/);
  assert.throws(() => big.trainTestSplit({ testSize: 0.6, trainSize: 0.6 }), /sum of testSize and trainSize/);
});

test("a DatasetDict exposes splits as properties and applies transforms to each", () => {
  const dd = ds.trainTestSplit({ testSize: 0.2, seed: 42 });
  assert.ok(dd instanceof DatasetDict);
  assert.deepEqual(dd.keys(), ["train", "test"]);
  assert.equal(dd.train.numRows, 8);
  assert.equal(dd.get("test").numRows, 2);
  assert.throws(() => dd.get("validation"), /Its splits are: train, test/);
  assert.deepEqual(dd.flatten().columnNames.test, ["id", "meta.author.name", "meta.author.karma", "meta.tags"]);
  assert.equal(
    String(dd),
    "DatasetDict({\n    train: Dataset({\n        features: ['id', 'meta'],\n        num_rows: 8\n    })\n    test: Dataset({\n        features: ['id', 'meta'],\n        num_rows: 2\n    })\n})",
  );
});

test("display: a MIME.dataset bundle with splits, rows, features and a preview; pages served per split", () => {
  const dd = ds.trainTestSplit({ testSize: 0.2, seed: 42 });
  const b = dd[REPR_MIMEBUNDLE]("v1");
  assert.equal(b["text/plain"], String(dd));
  const payload = b[MIME.dataset] as DatasetPayload;
  assert.equal(payload.kind, "DatasetDict");
  assert.equal(payload.ref, "v1");
  assert.deepEqual(payload.splits.map((s) => [s.view, s.numRows]), [["train", 8], ["test", 2]]);
  assert.equal(payload.splits[0].types.meta, "{'author': {'name': Value('string'), 'karma': Value('int64')}, 'tags': List(Value('string'))}");
  assert.equal(payload.splits[0].preview.rows.length, 5);
  const page = dd[FETCH_PAGE]("test", 1, 10);
  assert.deepEqual(page.columns, ["id", "meta"]);
  assert.equal(page.total, 2);
  assert.equal(page.offset, 1);
  assert.deepEqual(page.rows, [[dd.test.row(1).id, dd.test.row(1).meta]]);
  const single = ds[REPR_MIMEBUNDLE]("v2");
  assert.equal(single["text/plain"], "Dataset({\n    features: ['id', 'meta'],\n    num_rows: 10\n})");
  assert.deepEqual(ds[FETCH_PAGE](undefined, 8, 5).rows.map((r) => r[0]), [8, 9]);
});
