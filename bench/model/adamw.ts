// AdamW's in-place update over one parameter-sized buffer on the wasm backend: the WebAssembly
// SIMD pass (wasm-adamw.ts) and onnxruntime's graph (native-adamw.ts) against the JavaScript loop
// they replace (fused-adamw.ts, the same float32 roundings), timed alternately in one run, and
// whether every element came out the same as the loop's; then torch.optim.AdamW's step over as
// many elements (CPU, its default single-tensor path), for scale.
// Usage: node --import tsx bench/model/adamw.ts [elements]   (7,000,000 ≈ tiny, 82,000,000 ≈ DistilRoBERTa)
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace, ready } from "../../src/engine/backend/index";
import { useNativeAdamW, useWasmAdamW } from "../../src/engine/backend/fused-adamw";
import { onnxReadable, writableBuffer } from "../../src/engine/backend/host-buffers";
import { loadNativeAdamW } from "../../src/engine/backend/native-adamw";
import { loadWasmAdamW, wasmAdamWUpdates } from "../../src/engine/backend/wasm-adamw";
import { benchPython } from "../python.mjs";

const info = await ready();
console.log(`backend: ${info.backend} (${info.reason})`);
const n = Number(process.argv[2] ?? 7_000_000);
/** tf.variable(t) shares t's buffer: dispose t so the variable alone owns it (in-place needs that). */
const own = (t: tf.Tensor): tf.Variable => {
  const v = tf.variable(t);
  t.dispose();
  return v;
};
const start = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.1);
const grad = tf.tensor1d(start.map((x) => x * 3));
// onnxruntime cannot read the threaded build's shared heap (MLM_NOTEBOOK_WASM_THREADS=2): it would fall back to the loop.
const heapReadable = onnxReadable(writableBuffer(grad)!);
if (!heapReadable) console.log("shared heap: onnxruntime cannot read it, left out");
const paths = [
  { name: "wasm SIMD", wasm: await loadWasmAdamW(), native: null },
  ...(heapReadable ? [{ name: "onnxruntime", wasm: null, native: loadNativeAdamW() }] : []),
  { name: "js loop", wasm: null, native: null },
];
const sides = paths.map((path) => ({ ...path, p: own(tf.tensor1d(start)), m: own(tf.zeros([n])), v: own(tf.zeros([n])) }));
for (let step = 1; step <= 5; step++) {
  const ms = sides.map((s) => {
    useWasmAdamW(s.wasm);
    useNativeAdamW(s.native);
    const passes = wasmAdamWUpdates();
    const t0 = performance.now();
    if (!adamwUpdateInPlace(s.p, grad, s.m, s.v, { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, step })) throw new Error("in-place AdamW refused");
    const elapsed = performance.now() - t0;
    if (wasmAdamWUpdates() - passes !== (s.wasm ? 1 : 0)) throw new Error(`${s.name}: the update ran on another path`);
    return elapsed;
  });
  const js = sides.at(-1)!.p.dataSync();
  const differing = sides.slice(0, -1).map((s) => {
    const a = s.p.dataSync();
    let count = 0;
    for (let i = 0; i < n; i++) if (!Object.is(a[i], js[i])) count++;
    return `${s.name} ${count}`;
  });
  console.log(`step ${step}: ${sides.map((s, i) => `${s.name} ${ms[i].toFixed(1)} ms`).join(", ")}; params differing from the js loop: ${differing.join(", ")}`);
}

// torch with the threads it picks on this machine.
const torch = spawnSync(
  benchPython(),
  [
    "-c",
    `import time, torch
p = torch.nn.Parameter(torch.sin(torch.arange(${n}, dtype=torch.float32)) * 0.1)
p.grad = p.detach() * 3
opt = torch.optim.AdamW([p], lr=5e-5, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
for step in range(5):
    t0 = time.perf_counter(); opt.step(); print(f"{(time.perf_counter() - t0) * 1000:.1f}", end=" ")`,
  ],
  { encoding: "utf8" },
);
console.log(torch.status === 0 ? `torch.optim.AdamW step, 5 steps: ${torch.stdout.trim()} ms` : `torch not measured: ${torch.stderr.trim().split("\n").at(-1)}`);
