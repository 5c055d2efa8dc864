// The WebAssembly SIMD AdamW pass (wasm-adamw.ts) against the JavaScript loop of fused-adamw.ts:
// bit for bit over sizes that exercise the n % 4 tail, with and without weight decay, over three
// steps, on the single-threaded build's heap and, in a child process (a wasm backend starts once
// per process), on the threaded build's shared heap. The pass counts its updates, so a silent
// fallback to another path fails these tests.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, backendInfo, setBackend } from "../../src/engine/backend/index";
import { useNativeAdamW, useWasmAdamW } from "../../src/engine/backend/fused-adamw";
import { writableBuffer } from "../../src/engine/backend/host-buffers";
import { loadWasmAdamW, wasmAdamWUpdates } from "../../src/engine/backend/wasm-adamw";

// This process runs on the unshared heap unless it is the child started below.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";
const sharedHeap = process.env.MLM_NOTEBOOK_WASM_THREADS !== "1";
const SIZES = [1, 3, 4, 1025, 262_147];
const STEPS = 3;
const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

function own(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** Starting parameters no larger than an update (~lr), so the update's last bits show in them. */
const init = (i: number): number => Math.sin(i + 1) * 10 ** -(3 + (i % 8));

/**
 * Parameter, exp_avg and exp_avg_sq after each of three steps (a difference can be absorbed by a
 * later step); step 2 without weight decay, step 3 with a clipping coefficient. Gradients span 1 to 1e-24, so g² goes subnormal.
 */
function train(n: number): Float32Array[][] {
  const param = own(tf.tensor1d(Float32Array.from({ length: n }, (_, i) => init(i))));
  const m = own(tf.zeros([n]));
  const v = own(tf.zeros([n]));
  const after: Float32Array[][] = [];
  for (let step = 1; step <= STEPS; step++) {
    const grad = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => Math.cos(i * step) * 10 ** -(i % 25)));
    assert.equal(adamwUpdateInPlace(param, grad, m, v, { ...hyper, weightDecay: step === 2 ? 0 : 0.01, step, gradScale: step === 3 ? 0.3 : 1 }), true);
    grad.dispose();
    after.push([param, m, v].map((t) => t.dataSync() as Float32Array));
  }
  tf.dispose([param, m, v]);
  return after;
}

test(`the wasm pass equals the JavaScript loop bit for bit (${sharedHeap ? "threaded build, shared" : "single-threaded build, unshared"} heap)`, async () => {
  await setBackend("wasm");
  useNativeAdamW(null);
  const probe = own(tf.zeros([4]));
  assert.equal(writableBuffer(probe)!.buffer instanceof SharedArrayBuffer, sharedHeap);
  probe.dispose();
  for (const n of SIZES) {
    useWasmAdamW(null);
    const before = wasmAdamWUpdates();
    const js = train(n);
    assert.equal(wasmAdamWUpdates(), before, "the JavaScript loop ran through the wasm pass");
    useWasmAdamW(await loadWasmAdamW());
    const simd = train(n);
    assert.equal(wasmAdamWUpdates() - before, STEPS, `n=${n}: the wasm pass did not run every step`);
    for (let step = 0; step < STEPS; step++) {
      for (let k = 0; k < 3; k++) {
        let differing = 0;
        for (let i = 0; i < n; i++) if (!Object.is(simd[step][k][i], js[step][k][i])) differing++;
        assert.equal(differing, 0, `n=${n}, step ${step + 1}, ${["param", "exp_avg", "exp_avg_sq"][k]}: ${differing} of ${n} differ`);
      }
    }
    // Not vacuous: the parameters moved.
    assert.notEqual(simd[0][0][0], Math.fround(init(0)));
  }
});

test("the wasm backend's start turns the pass on and says so; the cpu backend's arrays are left to the loop", async () => {
  useWasmAdamW(null);
  await setBackend("wasm");
  assert.match(backendInfo().reason, /; AdamW and dropout masks as wasm SIMD passes\)$/);
  const before = wasmAdamWUpdates();
  train(5);
  assert.equal(wasmAdamWUpdates() - before, STEPS);
  await setBackend("cpu");
  const onCpu = train(5);
  assert.equal(wasmAdamWUpdates() - before, STEPS, "the pass claimed arrays outside the wasm heap");
  assert.notEqual(onCpu[0][0][0], Math.fround(init(0)));
});

if (!sharedHeap) {
  test("the same on the threaded build's shared heap (child process)", () => {
    const file = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", file], {
      encoding: "utf8",
      // NODE_TEST_CONTEXT would make the child report to this runner instead of printing.
      env: { ...process.env, NODE_TEST_CONTEXT: undefined, MLM_NOTEBOOK_WASM_THREADS: "2" },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /threaded build, shared heap/);
  });
}
