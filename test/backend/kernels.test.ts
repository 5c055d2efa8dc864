// Our wasm kernels against tfjs's cpu backend: BatchMatMul with every transpose and batch
// layout, on onnxruntime's GEMM and on XNNPACK, and UnsortedSegmentSum (missing from wasm, slow
// on cpu).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../src/engine/backend/index";
import { onBackend } from "./on-backend";
import { useNativeMatMul } from "../../src/engine/backend/kernels";
import { loadNativeMatMul, longSideBlocks } from "../../src/engine/backend/native-matmul";
import { nativeErf } from "../../src/engine/backend/native-erf";

before(async () => {
  await setBackend("wasm");
});

function close(a: number[], b: number[], tol: number): void {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst <= tol, `max |Δ| ${worst}`);
}

const cases: { name: string; a: number[]; b: number[]; ta: boolean; tb: boolean }[] = [
  { name: "2-D plain", a: [5, 7], b: [7, 3], ta: false, tb: false },
  { name: "2-D transposeB (forward of nn.Linear)", a: [5, 7], b: [3, 7], ta: false, tb: true },
  { name: "2-D transposeA (weight gradient)", a: [7, 5], b: [7, 3], ta: true, tb: false },
  { name: "2-D both", a: [7, 5], b: [3, 7], ta: true, tb: true },
  { name: "batched attention scores q·kᵀ", a: [2, 3, 6, 4], b: [2, 3, 6, 4], ta: false, tb: true },
  { name: "batched probs·v", a: [2, 3, 6, 6], b: [2, 3, 6, 4], ta: false, tb: false },
  { name: "batched gradient ᵀ", a: [2, 3, 6, 4], b: [2, 3, 6, 5], ta: true, tb: false },
  { name: "batch against one matrix", a: [4, 6, 5], b: [5, 3], ta: false, tb: false },
  { name: "one matrix against a batch", a: [6, 5], b: [4, 5, 3], ta: false, tb: false },
  // The tied decoder's shapes, done natively in blocks of the 20,000-long side (ragged last block).
  { name: "y·Wᵀ against a long vocabulary", a: [7, 24], b: [20000, 24], ta: false, tb: true },
  { name: "dLᵀ·y over a long vocabulary", a: [7, 20000], b: [7, 24], ta: true, tb: false },
];

for (const [c, products] of cases.flatMap((c) => [[c, "native"], [c, "XNNPACK"]] as const)) {
  test(`BatchMatMul on wasm (${products}) equals cpu: ${c.name}`, async (t) => {
    // The real native GEMM, counted, so a product that silently stayed on XNNPACK fails the test.
    let nativeCalls = 0;
    const real = loadNativeMatMul();
    useNativeMatMul(products === "native" ? { description: real.description, multiply: (...args) => (nativeCalls++, real.multiply(...args)) } : null);
    t.after(() => useNativeMatMul(real));
    const a = tf.randomNormal(c.a, 0, 1, "float32", 1);
    const b = tf.randomNormal(c.b, 0, 1, "float32", 2);
    const ours = tf.matMul(a, b, c.ta, c.tb);
    const shape = ours.shape;
    const got = Array.from(ours.dataSync());
    const want = await onBackend("cpu", () => {
      const r = tf.matMul(a, b, c.ta, c.tb);
      assert.deepEqual(r.shape, shape);
      return Array.from(r.dataSync());
    });
    close(got, want, 1e-4);
    assert.equal(nativeCalls, products === "native" ? 1 : 0);
    tf.dispose([a, b, ours]);
  });
}

test("BatchMatMul's gradients on wasm equal cpu's", async () => {
  const a = tf.randomNormal([3, 4, 5], 0, 1, "float32", 3);
  const b = tf.randomNormal([3, 6, 5], 0, 1, "float32", 4);
  const f = (x: tf.Tensor, y: tf.Tensor): tf.Scalar => tf.sum(tf.square(tf.matMul(x, y, false, true)));
  const [ga, gb] = tf.grads(f)([a, b]);
  const want = await onBackend("cpu", () => tf.grads(f)([a, b]).map((g) => Array.from(g.dataSync())));
  close(Array.from(ga.dataSync()), want[0], 1e-3);
  close(Array.from(gb.dataSync()), want[1], 1e-3);
});

test("UnsortedSegmentSum on wasm: sums rows into segments, skips out-of-range ids", () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const ids = tf.tensor1d([2, 0, 2, 9], "int32");
  assert.deepEqual(tf.unsortedSegmentSum(x, ids, 3).arraySync(), [[3, 4], [0, 0], [6, 8]]);
  tf.dispose([x, ids]);
});

test("gather's gradient (an embedding lookup) runs on wasm and matches cpu", async () => {
  const table = tf.randomNormal([1000, 8], 0, 1, "float32", 5);
  const ids = tf.tensor1d([3, 999, 3, 0, 512], "int32");
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), tf.range(0, 8))))(table);
  const want = await onBackend("cpu", () => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), tf.range(0, 8))))(table).dataSync()));
  close(Array.from(g.dataSync()), want, 1e-6);
});

test("erf on onnxruntime equals a float64 reference, and the wasm kernel equals cpu's", async () => {
  const n = 4 * 50265;
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.001) * 8);
  const y = new Float32Array(n);
  assert.equal(nativeErf(x, y, [4, 50265]), true);
  let worst = 0;
  for (let i = 0; i < n; i += 97) worst = Math.max(worst, Math.abs(y[i] - erfReference(x[i])));
  assert.ok(worst < 1e-6, `erf max |Δ| ${worst}`);
  const t = tf.tensor2d(x, [4, 50265]);
  close(Array.from(tf.erf(t).dataSync()), await onBackend("cpu", () => Array.from(tf.erf(t).dataSync())), 1e-6);
  t.dispose();
});

/** erf by its Taylor series / continued fraction in float64 (Abramowitz–Stegun 7.1.26 is too coarse). */
function erfReference(v: number): number {
  const a = Math.abs(v);
  let sum = 0;
  if (a < 3) {
    let term = a;
    for (let k = 0; k < 200; k++) {
      sum += term / (2 * k + 1);
      term *= (-a * a) / (k + 1);
    }
    sum *= 2 / Math.sqrt(Math.PI);
  } else {
    // erfc(a) by its continued fraction, for large a.
    let f = 0;
    for (let k = 60; k >= 1; k--) f = (k / 2) / (a + f);
    sum = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  }
  return Math.sign(v) * sum;
}

test("the tied decoder's products take the long-side blocks, as tf.matMul hands them to the kernel (rank 3)", () => {
  assert.equal(longSideBlocks([1, 174, 128], [1, 50265, 128], false, true), "rows of b");
  assert.equal(longSideBlocks([1, 174, 50265], [1, 174, 128], true, false), "columns of a");
  assert.equal(longSideBlocks([174, 128], [50265, 128], false, true), "rows of b");
  // dL·W (a long inner side) and batched or short products stay whole.
  assert.equal(longSideBlocks([1, 174, 50265], [1, 50265, 128], false, false), null);
  assert.equal(longSideBlocks([2, 174, 128], [2, 50265, 128], false, true), null);
  assert.equal(longSideBlocks([1, 1024, 768], [1, 3072, 768], false, true), null);
});
