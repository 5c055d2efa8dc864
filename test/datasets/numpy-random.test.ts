import assert from "node:assert/strict";
import { test } from "node:test";
import { numpyPermutation } from "../../src/engine/datasets/numpy-random";
import { referenceSkip, runReference } from "../reference/python";

const cases: [number, number][] = [[10, 42], [5000, 42], [7, 0], [1000, 123456789], [300, 2 ** 40], [1, 3]];

test("permutations equal numpy's default_rng(seed).permutation(n) (what datasets shuffles and splits with) (numpy)", { skip: referenceSkip }, () => {
  const reference = JSON.parse(runReference(["-c", `import json, numpy as np; print(json.dumps([np.random.default_rng(s).permutation(n).tolist() for n, s in ${JSON.stringify(cases)}]))`])) as number[][];
  cases.forEach(([n, seed], i) => assert.deepEqual(Array.from(numpyPermutation(n, seed)), reference[i], `n=${n} seed=${seed}`));
});

test("numpy's permutation for n=10, seed=42 (recorded from numpy 1.24.2)", () => {
  assert.deepEqual(Array.from(numpyPermutation(10, 42)), [5, 6, 0, 7, 3, 2, 4, 9, 1, 8]);
});
