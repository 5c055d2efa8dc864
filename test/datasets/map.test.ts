import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { Dataset, MapOutputError, loadDataset, setScopeResolver, type Batch } from "../../src/engine/datasets/index";
import { InterruptedError, setAbortSignal } from "../../src/engine/runtime/abort";
import { setProgressSink, type ProgressReport } from "../../src/engine/runtime/progress";
import { eli5Rows, tempDir } from "./fixtures";
import { gpt2Tokenizer } from "./word-pieces";

// The notebook's scope, and functions compiled the way the kernel compiles cells: inside
// `with (scope)`, so `tokenizer` and `block_size` are free names resolved in that scope.
const scope: Record<string, unknown> = { tokenizer: gpt2Tokenizer(), block_size: 128 };
function inCell<F>(source: string): F {
  return new Function("scope", `with (scope) { return (${source}); }`)(scope) as F;
}
type BatchFn = (b: Batch) => unknown;

// The tutorial's two functions, as a cell writes them (TypeScript compiled to JS).
const preprocess_function = inCell<BatchFn>(`function preprocess_function(examples) {
  return tokenizer(examples["answers.text"].map((x) => x.join(" ")));
}`);
const group_texts = inCell<BatchFn>(`function group_texts(examples) {
  // Concatenate all texts.
  const concatenated = Object.fromEntries(Object.keys(examples).map((k) => [k, examples[k].flat()]));
  let total_length = concatenated[Object.keys(examples)[0]].length;
  if (total_length >= block_size) total_length = Math.floor(total_length / block_size) * block_size;
  // Split by chunks of block_size.
  return Object.fromEntries(Object.entries(concatenated).map(([k, t]) => [
    k,
    Array.from({ length: Math.ceil(total_length / block_size) }, (_, i) => t.slice(i * block_size, Math.min((i + 1) * block_size, total_length))),
  ]));
}`);

let dir: ReturnType<typeof tempDir>;
let flat: Dataset;

before(async () => {
  setScopeResolver((name) => (name in scope ? { found: true, value: scope[name] } : { found: false }));
  dir = tempDir("map-test-");
  writeFileSync(join(dir.path, "train.jsonl"), eli5Rows(2000).map((r) => JSON.stringify(r)).join("\n"));
  flat = (await loadDataset("json", { dataFiles: join(dir.path, "train.jsonl"), split: "train", cacheDir: dir.path })).flatten();
});
after(() => {
  setScopeResolver(null);
  dir.remove();
});
afterEach(() => {
  setProgressSink(null);
  setAbortSignal(null);
});

test("batched map with removeColumns gives the tutorial's tokenized columns, typed as datasets types them", async () => {
  const tokenized = await flat.map(preprocess_function, { batched: true, removeColumns: flat.columnNames });
  assert.deepEqual(tokenized.columnNames, ["input_ids", "attention_mask"]);
  assert.equal(tokenized.numRows, 2000);
  const direct = scope.tokenizer as ReturnType<typeof gpt2Tokenizer>;
  const expected = direct((flat.column("answers.text") as string[][]).map((x) => x.join(" ")));
  assert.deepEqual(tokenized.column("input_ids"), expected.input_ids);
  assert.deepEqual(tokenized.column("attention_mask"), expected.attention_mask);
  assert.equal(tokenized.featuresRepr(), "{'input_ids': List(Value('int32')), 'attention_mask': List(Value('int8'))}");
});

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : null;

test("group_texts over batches of 1000 gives what the tutorial's Python group_texts gives under datasets' batching", { skip: python ? false : "/usr/bin/python3 is not available" }, async () => {
  const tokenized = await flat.map(preprocess_function, { batched: true, removeColumns: flat.columnNames });
  const grouped = await tokenized.map(group_texts, { batched: true });
  const reference = execFileSync(
    python!,
    [
      "-c",
      `import json, sys
block_size = 128
def group_texts(examples):
    concatenated_examples = {k: sum(examples[k], []) for k in examples.keys()}
    total_length = len(concatenated_examples[list(examples.keys())[0]])
    if total_length >= block_size:
        total_length = (total_length // block_size) * block_size
    result = {
        k: [t[i : i + block_size] for i in range(0, total_length, block_size)]
        for k, t in concatenated_examples.items()
    }
    return result
data = json.load(sys.stdin)
n = len(data["input_ids"])
out = {k: [] for k in data}
for s in range(0, n, 1000):
    r = group_texts({k: v[s:s + 1000] for k, v in data.items()})
    for k in out: out[k].extend(r[k])
print(json.dumps(out))`,
    ],
    { input: JSON.stringify({ input_ids: tokenized.column("input_ids"), attention_mask: tokenized.column("attention_mask") }), encoding: "utf8", maxBuffer: 1 << 28 },
  );
  const expected = JSON.parse(reference) as Record<string, number[][]>;
  assert.deepEqual(grouped.column("input_ids"), expected.input_ids);
  assert.deepEqual(grouped.column("attention_mask"), expected.attention_mask);
  assert.ok(grouped.numRows > 100 && (grouped.column("input_ids") as number[][]).every((b) => b.length === 128));
});

test("numProc: 2 equals numProc: 1 row for row (tokenize, then group with shard-aligned batches)", async () => {
  const one = await flat.map(preprocess_function, { batched: true, removeColumns: flat.columnNames, loadFromCacheFile: false });
  const seen: ProgressReport[] = [];
  setProgressSink((r) => seen.push(r));
  const two = await flat.map(preprocess_function, { batched: true, removeColumns: flat.columnNames, numProc: 2, loadFromCacheFile: false });
  assert.deepEqual(two.column("input_ids"), one.column("input_ids"));
  assert.deepEqual(two.column("attention_mask"), one.column("attention_mask"));
  assert.deepEqual(two.features, one.features);
  const last = seen.filter((r) => r.label === "Map (num_proc=2)").at(-1);
  assert.ok(last?.finished && last.done === 2000 && last.total === 2000, "workers report progress over all rows");
  const g1 = await one.map(group_texts, { batched: true, loadFromCacheFile: false });
  const g2 = await one.map(group_texts, { batched: true, numProc: 2, loadFromCacheFile: false });
  assert.deepEqual(g2.column("input_ids"), g1.column("input_ids"));
});

test("an unchanged re-run hits the on-disk cache; a changed function recomputes", async () => {
  const cacheFiles = () => readdirSync(join(dir.path, "mlm-notebook", "maps")).filter((f) => f.endsWith(".v8")).length;
  const firstRun = await flat.map((b: Batch) => ({ n: (b.q_id as string[]).map((q) => q.length) }), { batched: true });
  const files = cacheFiles();
  const seen: ProgressReport[] = [];
  setProgressSink((r) => seen.push(r));
  const again = await flat.map((b: Batch) => ({ n: (b.q_id as string[]).map((q) => q.length) }), { batched: true });
  assert.equal(seen.length, 0, "a cache hit runs nothing");
  assert.equal(cacheFiles(), files);
  assert.equal(again.fingerprint, firstRun.fingerprint);
  assert.deepEqual(again.column("n"), firstRun.column("n"));
  const changed = await flat.map((b: Batch) => ({ n: (b.q_id as string[]).map((q) => q.length * 2) }), { batched: true });
  assert.ok(seen.some((r) => r.label === "Map" && r.finished), "a changed function runs");
  assert.deepEqual(changed.column("n"), (firstRun.column("n") as number[]).map((x) => x * 2));
  assert.equal(cacheFiles(), files + 1);
});

test("a changed captured value (block_size) changes the cache key", async () => {
  const tokenized = await flat.select([0, 1, 2, 3, 4, 5, 6, 7]).map(preprocess_function, { batched: true, removeColumns: flat.columnNames });
  const a = await tokenized.map(group_texts, { batched: true });
  scope.block_size = 64;
  try {
    const b = await tokenized.map(group_texts, { batched: true });
    assert.notEqual(a.fingerprint, b.fingerprint);
    assert.ok((b.column("input_ids") as number[][]).every((x) => x.length === 64));
  } finally {
    scope.block_size = 128;
  }
});

test("a batched map whose output columns have different lengths names the columns and lengths", async () => {
  await assert.rejects(
    flat.map((b: Batch) => ({ input_ids: b.q_id, labels: (b.q_id as unknown[]).slice(1) }), { batched: true, batchSize: 100 }),
    (e: unknown) => e instanceof MapOutputError && /input_ids has 100/.test(e.message) && /labels has 99/.test(e.message),
  );
  await assert.rejects(
    flat.map((b: Batch) => ({ chunk: (b.q_id as unknown[]).slice(0, 10) }), { batched: true, batchSize: 100 }),
    (e: unknown) => e instanceof MapOutputError && /returned 10 rows/.test(e.message) && /removeColumns/.test(e.message) && /q_id/.test(e.message),
  );
  await assert.rejects(flat.map((r: unknown) => r, { removeColumns: ["nope"] }), /Columns to remove \[nope\] are not in the dataset/);
});

test("a capture a worker cannot rebuild falls back to numProc 1 with a warning naming it", async () => {
  class Counter {
    count(s: string) {
      return s.length;
    }
  }
  scope.counter = new Counter();
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const out = await flat.select([0, 1, 2]).map(inCell<(row: { q_id: string }) => unknown>("(row) => ({ len: counter.count(row.q_id) })"), { numProc: 2 });
    assert.deepEqual(out.column("len"), [2, 2, 2]);
  } finally {
    console.warn = warn;
    delete scope.counter;
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /"counter"/);
  assert.match(warnings[0], /Counter instance/);
  assert.match(warnings[0], /numProc 1/);
  assert.match(warnings[0], /not cached/);
});

test("non-batched map adds columns per row, with indices", async () => {
  const out = await flat.select([5, 6, 7]).map((row: { q_id: string }, i?: number) => ({ idx: i, upper: row.q_id.toUpperCase() }), { withIndices: true });
  assert.deepEqual(out.columnNames, [...flat.columnNames, "idx", "upper"]);
  assert.deepEqual(out.column("idx"), [0, 1, 2]);
  assert.deepEqual(out.column("upper"), ["Q5", "Q6", "Q7"]);
});

test("an interrupt stops a map in process and in workers", async () => {
  for (const numProc of [1, 2]) {
    const controller = new AbortController();
    setAbortSignal(controller.signal);
    setProgressSink((r) => {
      if (r.done > 0 && !r.finished) controller.abort();
    });
    await assert.rejects(
      flat.map((b: Batch) => {
        const end = Date.now() + 5;
        while (Date.now() < end);
        return { n: b.q_id };
      }, { batched: true, batchSize: 10, numProc, loadFromCacheFile: false }),
      (e: unknown) => e instanceof InterruptedError,
      `numProc ${numProc}`,
    );
    setAbortSignal(null);
    setProgressSink(null);
  }
});

test("a DatasetDict maps every split, as the tutorial's eli5.map(...) does", async () => {
  const dd = flat.select(Array.from({ length: 300 }, (_, i) => i)).trainTestSplit({ testSize: 0.2, seed: 42 });
  const tokenized = await dd.map(preprocess_function, { batched: true, numProc: 2, removeColumns: dd.train.columnNames });
  assert.deepEqual(tokenized.numRows, { train: 240, test: 60 });
  assert.deepEqual(tokenized.columnNames, { train: ["input_ids", "attention_mask"], test: ["input_ids", "attention_mask"] });
  const direct = (scope.tokenizer as ReturnType<typeof gpt2Tokenizer>)((dd.test.column("answers.text") as string[][]).map((x) => x.join(" ")));
  assert.deepEqual(tokenized.test.column("input_ids"), direct.input_ids);
});

test("a name the scope resolver cannot see fails in the worker, so map warns and runs in this process", async () => {
  const hidden = { secret: 3 };
  setScopeResolver(() => ({ found: false }));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (m: string) => warnings.push(m);
  try {
    const fn = new Function("hidden", "with (hidden) { return (row) => ({ n: row.q_id.length + secret }); }")(hidden) as (r: unknown) => unknown;
    const out = await flat.select([0, 1, 2, 3]).map(fn, { numProc: 2 });
    assert.deepEqual(out.column("n"), [5, 5, 5, 5]);
  } finally {
    console.warn = warn;
    setScopeResolver((name) => (name in scope ? { found: true, value: scope[name] } : { found: false }));
  }
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /secret is not defined in a worker thread; running in this process instead/);
});
