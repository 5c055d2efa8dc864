// Integration with the engine's tokenizer: the tutorial's tokenize step with numProc 2 rebuilds
// AutoTokenizer in each worker from its WORKER_TRANSFERABLE recipe and equals numProc 1.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadDataset, setScopeResolver, type Batch, type Dataset } from "../../src/engine/datasets/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { tempDir } from "./fixtures";

const folder = fileURLToPath(new URL("../../resources/tokenizers/roberta-base-bpe", import.meta.url));
const scope: Record<string, unknown> = {};
let dir: ReturnType<typeof tempDir>;
let flat: Dataset;

before(async () => {
  scope.tokenizer = await AutoTokenizer.fromPretrained(folder);
  setScopeResolver((name) => (name in scope ? { found: true, value: scope[name] } : { found: false }));
  dir = tempDir("map-tok-");
  flat = (await loadDataset("eli5_sample", { split: "train[:400]", cacheDir: dir.path })).flatten();
});
after(() => {
  setScopeResolver(null);
  dir.remove();
});

test("tokenizing the bundled sample with numProc 2 equals numProc 1, row for row", async () => {
  const preprocess = new Function("scope", `with (scope) { return function preprocess_function(examples) {
    return tokenizer(examples["answers.text"].map((x) => x.join(" ")));
  }; }`)(scope) as (b: Batch) => unknown;
  const one = await flat.map(preprocess, { batched: true, removeColumns: flat.columnNames });
  const two = await flat.map(preprocess, { batched: true, removeColumns: flat.columnNames, numProc: 2 });
  assert.deepEqual(one.columnNames, ["input_ids", "attention_mask"]);
  assert.equal(two.numRows, 400);
  assert.deepEqual(two.column("input_ids"), one.column("input_ids"));
  assert.deepEqual(two.column("attention_mask"), one.column("attention_mask"));
  assert.equal((one.column("input_ids")[0] as number[])[0], 0, "rows start with <s>");
});
