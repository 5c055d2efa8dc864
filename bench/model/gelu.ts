// GELU on onnxruntime as native-gelu.ts runs it against the earlier graphs, on one [1024, 3072]
// activation (a DistilRoBERTa FFN at batch 8 × 128): forward as onnxruntime's fused Gelu against
// the five ops written out (which also kept Φ(x) for backward), backward with Φ(x) recomputed
// against Φ(x) given, each at 2^18 and 2^20 elements a call; ms per call (alternated.ts), and the
// largest difference of the outputs (0: the same floats).
// Usage: MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=68719476736 node --single-threaded-gc --import tsx bench/model/gelu.ts
// (the malloc settings keep the binding's output copies off fresh pages, whose faults would dominate)
import { GELU_CDF_NODES, GELU_CONSTANTS, GELU_DX_NODES } from "../../src/engine/backend/native-gelu";
import { onnxModel, type OnnxNode } from "../../src/engine/backend/onnx-graph";
import { loadOrtNative, type NativeGraph, runChunked } from "../../src/engine/backend/ort-native";
import { alternatedMs } from "./alternated";

const ort = loadOrtNative();
const pick = (names: string[]): Record<string, number> => Object.fromEntries(names.map((n) => [n, GELU_CONSTANTS[n]]));
const FWD_SCALARS = pick(["rsqrt2", "one", "half"]);
const BWD_SCALARS = pick(["neghalf", "rsqrt2pi"]);
const graph = (nodes: OnnxNode[], inputs: string[], outputs: string[]): NativeGraph => ort.load(onnxModel(nodes, inputs, outputs));
const fused = graph([{ op: "Gelu", domain: "com.microsoft", inputs: ["x"], outputs: ["y"] }], ["x"], ["y"]);
const written = graph([...GELU_CDF_NODES, { op: "Mul", inputs: ["x", "cdf"], outputs: ["y"] }], ["x", ...Object.keys(FWD_SCALARS)], ["y", "cdf"]);
const recomputed = graph([...GELU_CDF_NODES, ...GELU_DX_NODES], ["dy", "x", ...Object.keys(FWD_SCALARS), ...Object.keys(BWD_SCALARS)], ["dx"]);
const given = graph(GELU_DX_NODES, ["dy", "x", "cdf", ...Object.keys(BWD_SCALARS)], ["dx"]);

const n = 1024 * 3072;
const x = Float32Array.from({ length: n }, (_, i) => 3 * Math.sin(i));
const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
const [yFused, yWritten, cdf, dxRe, dxGiven] = Array.from({ length: 5 }, () => new Float32Array(n));
const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
console.log(`${ort.description}; [1024, 3072], ms per call`);
for (const chunk of [1 << 18, 1 << 20]) {
  const [f, w, r, g] = alternatedMs([
    () => runChunked(fused, { x }, {}, { y: yFused }, chunk),
    () => runChunked(written, { x }, FWD_SCALARS, { y: yWritten, cdf }, chunk),
    () => runChunked(recomputed, { dy, x }, { ...FWD_SCALARS, ...BWD_SCALARS }, { dx: dxRe }, chunk),
    () => runChunked(given, { dy, x, cdf }, BWD_SCALARS, { dx: dxGiven }, chunk),
  ]).map((ms) => ms.toFixed(2));
  console.log(`chunk 2^${Math.log2(chunk)}: forward fused ${f} vs written out ${w}; backward Φ recomputed ${r} vs given ${g}`);
}
console.log(`max |Δ| forward ${maxDiff(yFused, yWritten)}, backward ${maxDiff(dxRe, dxGiven)}`);
