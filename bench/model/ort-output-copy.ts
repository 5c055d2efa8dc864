// What onnxruntime-node's binding costs per output byte: it hands every output back as a fresh
// ArrayBuffer copy, preallocated outputs included. The same Relu pass is timed with its full
// output and with only a [1] reduction of it as output; the difference is the copy (allocation,
// memcpy, and the external memory V8 must later collect).
// Usage: [SIZES=262144,1048576,8388608] node --single-threaded-gc --import tsx bench/model/ort-output-copy.ts
// (floats per output, timed in that order; the first size pays the process's first-allocation costs)
import { onnxModel } from "../../src/engine/backend/onnx-graph";
import { loadOrtNative } from "../../src/engine/backend/ort-native";

const ort = loadOrtNative();
const full = ort.load(onnxModel([{ op: "Relu", inputs: ["x"], outputs: ["y"] }], ["x"], ["y"]));
const reduced = ort.load(
  onnxModel(
    [
      { op: "Relu", inputs: ["x"], outputs: ["r"] },
      { op: "ReduceMax", inputs: ["r"], outputs: ["y"], attributes: { keepdims: 0 } },
    ],
    ["x"],
    ["y"],
  ),
);
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)];
for (const n of (process.env.SIZES ?? "262144,1048576,8388608").split(",").map(Number)) {
  const x = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
  const y = new Float32Array(n);
  const one = new Float32Array(1);
  const times = { full: [] as number[], reduced: [] as number[] };
  for (let i = 0; i < 25; i++) {
    let t0 = performance.now();
    full({ x: [x, [n]] }, { y: [y, [n]] });
    times.full.push(performance.now() - t0);
    t0 = performance.now();
    reduced({ x: [x, [n]] }, { y: [one, []] });
    times.reduced.push(performance.now() - t0);
  }
  const f = median(times.full.slice(5));
  const r = median(times.reduced.slice(5));
  console.log(`${n} floats (${(n * 4) / 2 ** 20} MiB): full output ${f.toFixed(2)} ms, [1] output ${r.toFixed(2)} ms, copy ≈ ${(f - r).toFixed(2)} ms (${(((f - r) / ((n * 4) / 2 ** 20)) * 1000).toFixed(0)} µs/MiB)`);
}
