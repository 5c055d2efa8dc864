import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { numpyPermutation } from "../../src/engine/datasets/numpy-random";

const cases: [number, number][] = [[10, 42], [5000, 42], [7, 0], [1000, 123456789], [300, 2 ** 40], [1, 3]];

function numpyReference(): number[][] | null {
  if (!existsSync("/usr/bin/python3")) return null;
  try {
    const out = execFileSync("/usr/bin/python3", ["-c", `import json, numpy as np; print(json.dumps([np.random.default_rng(s).permutation(n).tolist() for n, s in ${JSON.stringify(cases)}]))`], { encoding: "utf8" });
    return JSON.parse(out) as number[][];
  } catch {
    return null;
  }
}

const reference = numpyReference();

test("permutations equal numpy's default_rng(seed).permutation(n) (what datasets shuffles and splits with)", { skip: reference === null ? "numpy under /usr/bin/python3 is not available" : false }, () => {
  cases.forEach(([n, seed], i) => assert.deepEqual(Array.from(numpyPermutation(n, seed)), reference![i], `n=${n} seed=${seed}`));
});

test("numpy's permutation for n=10, seed=42 (recorded from numpy 1.24.2)", () => {
  assert.deepEqual(Array.from(numpyPermutation(10, 42)), [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
});
