// The WebAssembly SIMD dropout mask (wasm-dropout.ts) against the JavaScript loop of
// hashed-dropout.ts: bit for bit over sizes that exercise the n % 4 tail, several seeds and rates,
// on the single-threaded build's heap and, in a child process (a wasm backend starts once per
// process), on the threaded build's shared heap. The pass counts its masks, so a silent fallback
// to the loop fails these tests.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { backendInfo, setBackend } from "../../src/engine/backend/index";
import { writableBuffer } from "../../src/engine/backend/host-buffers";
import { loadWasmDropoutMask, wasmDropoutMasks } from "../../src/engine/backend/wasm-dropout";
import { hostDropout, useWasmDropoutMask } from "../../src/engine/models/hashed-dropout";
import { dropout } from "../../src/engine/models/ops";
import { kept } from "./dropout-rule";

// This process runs on the unshared heap unless it is the child started below.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";
const sharedHeap = process.env.MLM_NOTEBOOK_WASM_THREADS !== "1";
const SIZES = [1, 3, 4, 5, 1027, 131_072];
// Negative and ≥ 2³¹ keys, so signed and unsigned readings of the hash would part.
const SEEDS = [0, 42, -7, 2 ** 31 - 1];
const RATES = [0.1, 0.5];

/** The mask's bits: x = 1 makes hostDropout's product the mask itself (1·s = s, 1·0 = +0). */
function maskBits(n: number, rate: number, seed: number): Uint32Array {
  const x = tf.ones([n]);
  const y = hostDropout(x, rate, seed);
  const bits = new Uint32Array((y.dataSync() as Float32Array).slice().buffer);
  tf.dispose([x, y]);
  return bits;
}

test(`the wasm pass writes the JavaScript loop's mask bit for bit (${sharedHeap ? "threaded build, shared" : "single-threaded build, unshared"} heap)`, async () => {
  await setBackend("wasm");
  const probe = tf.zeros([4]);
  assert.equal(writableBuffer(probe)!.buffer instanceof SharedArrayBuffer, sharedHeap);
  probe.dispose();
  const pass = await loadWasmDropoutMask();
  try {
    for (const n of SIZES) {
      for (const seed of SEEDS) {
        for (const rate of RATES) {
          const label = `n=${n}, seed ${seed}, rate ${rate}`;
          useWasmDropoutMask(null);
          const before = wasmDropoutMasks();
          const js = maskBits(n, rate, seed);
          assert.equal(wasmDropoutMasks(), before, `${label}: the JavaScript loop ran through the wasm pass`);
          useWasmDropoutMask(pass);
          const simd = maskBits(n, rate, seed);
          assert.equal(wasmDropoutMasks() - before, 1, `${label}: the wasm pass did not write the mask`);
          let differing = 0;
          for (let i = 0; i < n; i++) if (simd[i] !== js[i]) differing++;
          assert.equal(differing, 0, `${label}: ${differing} of ${n} elements differ`);
          // Not vacuous: both equal the rule written out independently (dropped +0, kept the float32 scale).
          const scaleBits = new Uint32Array(Float32Array.of(1 / (1 - rate)).buffer)[0];
          for (let i = 0; i < n; i++) {
            if (simd[i] !== (kept(i, seed, rate) ? scaleBits : 0)) assert.fail(`${label}: element ${i} breaks the rule`);
          }
          if (n === 131_072) {
            const dropped = simd.filter((b) => b === 0).length / n;
            assert.ok(Math.abs(dropped - rate) < 0.01, `${label}: dropped ${dropped} of the elements`);
          }
        }
      }
    }
  } finally {
    useWasmDropoutMask(pass);
  }
});

test("the wasm backend's start turns the pass on and says so; the model's dropout uses it; cpu keeps the loop", async () => {
  useWasmDropoutMask(null);
  await setBackend("wasm");
  assert.match(backendInfo().reason, /; AdamW and dropout masks as wasm SIMD passes\)$/);
  const x = tf.randomNormal([8, 128, 32], 0, 1, "float32", 3);
  const before = wasmDropoutMasks();
  const onWasm = dropout(x, 0.1, 11).dataSync();
  assert.equal(wasmDropoutMasks() - before, 1, "the model's dropout did not run the pass");
  const values = x.dataSync();
  await setBackend("cpu");
  const xCpu = tf.tensor(values, x.shape);
  const onCpu = dropout(xCpu, 0.1, 11).dataSync();
  assert.equal(wasmDropoutMasks() - before, 1, "the pass claimed an array outside the wasm heap");
  assert.deepEqual(onCpu, onWasm, "cpu's loop and wasm's pass drop the same elements");
  tf.dispose([xCpu]);
  await setBackend("wasm");
  x.dispose();
});

if (!sharedHeap) {
  test("the same on the threaded build's shared heap (child process)", () => {
    const file = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "--test-name-pattern=bit for bit", file], {
      encoding: "utf8",
      // NODE_TEST_CONTEXT would make the child report to this runner instead of printing.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, MLM_NOTEBOOK_WASM_THREADS: "2" },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /threaded build, shared heap/);
  });
}
