import assert from "node:assert/strict";
import { test } from "node:test";
import { SplitStringError, parseSplit, sliceRange } from "../../src/engine/datasets/split";

const range = (spec: string, n: number): [number, number][] => parseSplit(spec).map((s) => sliceRange(s, n));

test("split strings resolve to datasets' row ranges", () => {
  assert.deepEqual(range("train", 100), [[0, 100]]);
  assert.deepEqual(range("train[:5000]", 91772), [[0, 5000]]);
  assert.deepEqual(range("train[:5000]", 300), [[0, 300]], "an end past the split is clamped");
  assert.deepEqual(range("train[10:20]", 100), [[10, 20]]);
  assert.deepEqual(range("train[-100:]", 1000), [[900, 1000]]);
  assert.deepEqual(range("train[:-10]", 100), [[0, 90]]);
  assert.deepEqual(range("train[:10%]", 1000), [[0, 100]]);
  assert.deepEqual(range("train[20:10]", 100), [[20, 20]], "from after to is empty");
  assert.deepEqual(range("train[:50%]+test[:10]", 7), [[0, 4], [0, 10]].map(([a, b]) => [a, Math.min(b, 7)]) as [number, number][]);
  assert.deepEqual(parseSplit(" train + test ").map((s) => s.split), ["train", "test"]);
});

test("percent boundaries round like Python's round() (half to even), or pct1_dropremainder", () => {
  assert.deepEqual(range("train[:50%]", 5), [[0, 2]], "2.5 rounds to 2");
  assert.deepEqual(range("train[:50%]", 7), [[0, 4]], "3.5 rounds to 4");
  assert.deepEqual(range("train[:30%]", 5), [[0, 2]], "1.5 rounds to 2");
  assert.deepEqual(range("train[:10%](pct1_dropremainder)", 1050), [[0, 100]]);
  assert.throws(() => range("train[:10%](pct1_dropremainder)", 50), /less than 100 elements/);
});

test("malformed split strings are refused with the valid forms", () => {
  for (const bad of ["train[:5000", "train[5]", "train[::2]", "[:10]", "train[:10%](nearest)", "train[:10](closest)", "train[:101%]", "train+"]) {
    assert.throws(() => parseSplit(bad), (e: unknown) => e instanceof SplitStringError && e.message.includes(`"${bad}"`) && e.message.includes("train[:10%]"), bad);
  }
});
