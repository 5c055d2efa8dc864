import assert from "node:assert/strict";
import { test } from "node:test";
import { cellNames } from "../../src/notebook/cell-names";

test("top-level definitions of every kind, and free names read", () => {
  const names = cellNames(`import { loadDataset, type Dataset } from "mlm-notebook";
import * as tf from "@tensorflow/tfjs";
const blockSize: number = 128;
let { a, b: [c] } = source;
function group(ds: Dataset) { const local = ds; return local.numRows + blockSize + helper; }
class Collator {}
for (let i = 0; i < 3; i++) console.log(i, Math.max(i, other));
await loadDataset(name2);
interface Hidden { q: number }
type Alias = string;`);
  assert.deepEqual(names?.defines.sort(), ["Collator", "a", "blockSize", "c", "group", "loadDataset", "tf"]);
  // Type-only names vanish; builtins (console, Math) are not dependencies; locals are not reads.
  assert.deepEqual(names?.reads.sort(), ["helper", "name2", "other", "source"]);
});

test("a cell that does not compile has no names yet", () => {
  assert.equal(cellNames("const x = ("), null);
});

test("assigning a name another cell defined counts as defining it (and reading it, if it does)", () => {
  const names = cellNames("model = await train(model, steps);");
  assert.deepEqual([names?.defines, names?.reads.sort()], [["model"], ["model", "steps", "train"]]);
  assert.deepEqual(cellNames("count += 1;"), { defines: ["count"], reads: ["count"] });
  assert.deepEqual(cellNames("fresh = 1;"), { defines: ["fresh"], reads: [] });
});
