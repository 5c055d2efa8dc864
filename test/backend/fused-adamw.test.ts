// The in-place AdamW update against current torch.optim.AdamW over three steps (gradients scaled
// first as clip_grad_norm_ scales them, the scale folded into the update here), on wasm and cpu,
// as the JavaScript loop, on onnxruntime (native-adamw.ts) and, on wasm, as the SIMD pass
// (wasm-adamw.ts), and its refusal (touching nothing) when a buffer is shared.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, setBackend } from "../../src/engine/backend/index";
import { useNativeAdamW, useWasmAdamW } from "../../src/engine/backend/fused-adamw";
import { loadNativeAdamW } from "../../src/engine/backend/native-adamw";
import { loadWasmAdamW, wasmAdamWUpdates } from "../../src/engine/backend/wasm-adamw";
import { referenceSkip, runReference } from "../reference/python";

const N = 1000;
const values = (seed: number, scale: number): number[] => Array.from({ length: N }, (_, i) => scale * Math.sin(seed * 1000 + i * 12.9898));
const p0 = values(1, 1);
const grads = [values(2, 0.1), values(3, 1), values(4, 1e-3)];
/** A variable that alone owns its buffer (tf.variable(t) shares t's until t is disposed). */
function own(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

const hyper = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
/** Each step's clipping coefficient: torch multiplies the gradient by it in float32 before the step. */
const scales = [0.37, 1, 0.0123];

function torchReference(): number[] {
  const script = `
import json, sys, torch
d = json.loads(sys.argv[1])
p = torch.nn.Parameter(torch.tensor(d["p0"], dtype=torch.float32))
opt = torch.optim.AdamW([p], lr=d["lr"], betas=(d["beta1"], d["beta2"]), eps=d["eps"], weight_decay=d["weightDecay"], foreach=False)
for g, s in zip(d["grads"], d["scales"]):
    p.grad = torch.tensor(g, dtype=torch.float32)
    p.grad.mul_(torch.tensor(s, dtype=torch.float32))
    opt.step()
print(json.dumps(p.detach().tolist()))`;
  return JSON.parse(runReference(["-c", script, JSON.stringify({ p0, grads, scales, ...hyper })])) as number[];
}

for (const [backend, impl] of [["wasm", "wasm SIMD"], ["wasm", "native"], ["wasm", "JavaScript"], ["cpu", "native"], ["cpu", "JavaScript"]]) {
  test(`in-place AdamW equals torch.optim.AdamW over 3 steps (${backend}, ${impl}) (torch)`, { skip: referenceSkip }, async () => {
    await setBackend(backend);
    useWasmAdamW(impl === "wasm SIMD" ? await loadWasmAdamW() : null);
    useNativeAdamW(impl === "native" ? loadNativeAdamW() : null);
    const passesBefore = wasmAdamWUpdates();
    const want = torchReference();
    const param = own(tf.tensor1d(p0));
    const m = own(tf.zeros([N]));
    const v = own(tf.zeros([N]));
    grads.forEach((g, i) => {
      const grad = tf.tensor1d(g);
      assert.equal(adamwUpdateInPlace(param, grad, m, v, { ...hyper, step: i + 1, gradScale: scales[i] }), true);
      grad.dispose();
    });
    assert.equal(wasmAdamWUpdates() - passesBefore, impl === "wasm SIMD" ? 3 : 0);
    const got = param.dataSync();
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    assert.ok(worst < 1e-7, `max |Δ| ${worst}`);
    tf.dispose([param, m, v]);
  });
}

test("a parameter whose buffer another tensor shares is left alone (the caller falls back)", async () => {
  await setBackend("wasm");
  const param = own(tf.tensor1d([1, 2, 3]));
  const alias = tf.clone(param);
  const m = own(tf.zeros([3]));
  const v = own(tf.zeros([3]));
  assert.equal(adamwUpdateInPlace(param, tf.ones([3]), m, v, { ...hyper, step: 1 }), false);
  assert.deepEqual(Array.from(alias.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(param.dataSync()), [1, 2, 3]);
});

test("the native update equals the JavaScript loop bit for bit, across its chunks", async () => {
  await setBackend("wasm");
  useWasmAdamW(null);
  const n = 600_001; // over two of native-adamw's chunks, and a ragged end
  const results: Float32Array[][] = [];
  for (const update of [loadNativeAdamW(), null]) {
    useNativeAdamW(update);
    const param = own(tf.tensor1d(Float32Array.from({ length: n }, (_, i) => Math.sin(i))));
    const m = own(tf.zeros([n]));
    const v = own(tf.zeros([n]));
    for (let step = 1; step <= 3; step++) {
      const grad = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => Math.cos(i * step) * 10 ** (-(i % 5))));
      assert.equal(adamwUpdateInPlace(param, grad, m, v, { ...hyper, weightDecay: step === 2 ? 0 : 0.01, step, gradScale: step === 3 ? 0.3 : 1 }), true);
      grad.dispose();
    }
    results.push([param, m, v].map((t) => t.dataSync() as Float32Array));
    tf.dispose([param, m, v]);
  }
  useNativeAdamW(loadNativeAdamW());
  const [native, js] = results;
  for (let k = 0; k < 3; k++) {
    let differing = 0;
    for (let i = 0; i < n; i++) if (!Object.is(native[k][i], js[k][i])) differing++;
    assert.equal(differing, 0, `${["param", "exp_avg", "exp_avg_sq"][k]}: ${differing} of ${n} differ`);
  }
});
