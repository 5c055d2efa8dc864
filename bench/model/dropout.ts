// The hashed dropout mask on the wasm backend: the WebAssembly SIMD pass (backend/wasm-dropout.ts)
// against the JavaScript loop it replaces (models/hashed-dropout.ts), the mask kernel alone, timed
// alternately in one process at [1024, 128] (a tiny step's activations) and [1024, 3072]
// (DistilRoBERTa's intermediate), and whether every bit came out the same; then the whole
// dropout (mask and product) beside torch.nn.functional.dropout on the same shape, for scale.
// Usage: node --import tsx bench/model/dropout.ts [repeats]
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { loadWasmDropoutMask, wasmDropoutMasks } from "../../src/engine/backend/wasm-dropout";
import { DROPOUT_MASK_KERNEL, hostDropout, useWasmDropoutMask } from "../../src/engine/models/hashed-dropout";
import { benchPython } from "../python.mjs";

const info = await ready();
if (info.backend !== "wasm") throw new Error(`the wasm backend did not start (${info.backend}): this measures its pass`);
console.log(`backend: ${info.backend} (${info.reason})`);
const repeats = Number(process.argv[2] ?? 50);
const rate = 0.1;
const pass = await loadWasmDropoutMask();
const paths = [
  { name: "wasm SIMD", pass },
  { name: "js loop", pass: null },
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Milliseconds of one call of `f` per path, alternating paths call by call; f's result is disposed. */
function time(f: (seed: number) => tf.Tensor): number[][] {
  const ms = paths.map(() => [] as number[]);
  for (let r = 0; r < repeats + 3; r++) {
    paths.forEach((path, k) => {
      useWasmDropoutMask(path.pass);
      const before = wasmDropoutMasks();
      const t0 = performance.now();
      const out = f(r);
      const elapsed = performance.now() - t0;
      if (wasmDropoutMasks() - before !== (path.pass ? 1 : 0)) throw new Error(`${path.name}: the mask ran on another path`);
      out.dispose();
      // The first three calls include compilation (V8's tiers, wasm's) and first touch of the heap.
      if (r >= 3) ms[k].push(elapsed);
    });
  }
  return ms;
}

for (const shape of [
  [1024, 128],
  [1024, 3072],
]) {
  const n = shape[0] * shape[1];
  const mask = (seed: number): tf.Tensor => tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, { shape, rate, seed } as unknown as tf.NamedAttrMap) as tf.Tensor;
  // Bits of both paths for one seed.
  const bits = paths.map((path) => {
    useWasmDropoutMask(path.pass);
    const m = mask(7);
    const b = new Uint32Array((m.dataSync() as Float32Array).slice().buffer);
    m.dispose();
    return b;
  });
  let differing = 0;
  for (let i = 0; i < n; i++) if (bits[0][i] !== bits[1][i]) differing++;
  const maskMs = time(mask);
  const x = tf.randomNormal(shape, 0, 1, "float32", 1);
  const wholeMs = time((seed) => hostDropout(x, rate, seed));
  x.dispose();
  const fmt = (ms: number[]): string => `${median(ms).toFixed(3)} ms (${((median(ms) * 1e6) / n).toFixed(2)} ns/element)`;
  console.log(`[${shape.join(", ")}] mask alone, median of ${repeats}: ${paths.map((p, k) => `${p.name} ${fmt(maskMs[k])}`).join(", ")}; ${(median(maskMs[1]) / median(maskMs[0])).toFixed(1)}× faster; elements differing: ${differing}`);
  console.log(`[${shape.join(", ")}] dropout (mask and x·mask), median of ${repeats}: ${paths.map((p, k) => `${p.name} ${fmt(wholeMs[k])}`).join(", ")}`);
}

// torch's dropout (a Bernoulli mask and the product) on the same shapes, the threads it picks on this machine.
const torch = spawnSync(
  benchPython(),
  [
    "-c",
    `import time, torch
for shape in [(1024, 128), (1024, 3072)]:
    x = torch.randn(shape)
    ms = []
    for r in range(${repeats} + 3):
        t0 = time.perf_counter(); torch.nn.functional.dropout(x, ${rate}, training=True); ms.append((time.perf_counter() - t0) * 1000)
    ms = sorted(ms[3:])
    print(f"[{shape[0]}, {shape[1]}] torch.nn.functional.dropout, median of ${repeats}: {ms[len(ms) // 2]:.3f} ms")`,
  ],
  { encoding: "utf8" },
);
console.log(torch.status === 0 ? torch.stdout.trim() : `torch not measured: ${torch.stderr.trim().split("\n").at(-1)}`);
