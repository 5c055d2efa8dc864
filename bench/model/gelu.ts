// GELU on onnxruntime as native-gelu.ts runs it against the earlier graphs, on one [1024, 3072]
// activation (a DistilRoBERTa FFN at batch 8 × 128): forward as onnxruntime's fused Gelu against
// the five ops written out (which also kept Φ(x) for backward), backward with Φ(x) recomputed
// against Φ(x) given, each at 2^18 and 2^20 elements a call; ms per call (the median of 5
// alternated rounds, each the mean of 10 calls after 2 warm-up calls), and the largest difference
// of the outputs (0: the same floats).
// Usage: MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=68719476736 node --single-threaded-gc --import tsx bench/model/gelu.ts
// (the malloc settings keep the binding's output copies off fresh pages, whose faults would dominate)
import { onnxModel, type OnnxNode } from "../../src/engine/backend/onnx-graph";
import { loadOrtNative, type NativeGraph, runChunked } from "../../src/engine/backend/ort-native";

const ort = loadOrtNative();
const node = (op: string, inputs: string[], output: string): OnnxNode => ({ op, inputs, outputs: [output] });
const CDF = [node("Mul", ["x", "rsqrt2"], "xs"), node("Erf", ["xs"], "e"), node("Add", ["e", "one"], "e1"), node("Mul", ["e1", "half"], "cdf")];
const DX = [
  node("Mul", ["x", "x"], "x2"),
  node("Mul", ["x2", "neghalf"], "z"),
  node("Exp", ["z"], "ez"),
  node("Mul", ["ez", "rsqrt2pi"], "pdf"),
  node("Mul", ["x", "pdf"], "xpdf"),
  node("Add", ["cdf", "xpdf"], "d"),
  node("Mul", ["dy", "d"], "dx"),
];
const FWD_SCALARS = { rsqrt2: Math.SQRT1_2, one: 1, half: 0.5 };
const BWD_SCALARS = { neghalf: -0.5, rsqrt2pi: 1 / Math.sqrt(2 * Math.PI) };
const graph = (nodes: OnnxNode[], inputs: string[], outputs: string[]): NativeGraph => ort.load(onnxModel(nodes, inputs, outputs));
const fused = graph([{ op: "Gelu", domain: "com.microsoft", inputs: ["x"], outputs: ["y"] }], ["x"], ["y"]);
const written = graph([...CDF, node("Mul", ["x", "cdf"], "y")], ["x", ...Object.keys(FWD_SCALARS)], ["y", "cdf"]);
const recomputed = graph([...CDF, ...DX], ["dy", "x", ...Object.keys(FWD_SCALARS), ...Object.keys(BWD_SCALARS)], ["dx"]);
const given = graph(DX, ["dy", "x", "cdf", ...Object.keys(BWD_SCALARS)], ["dx"]);

const n = 1024 * 3072;
const x = Float32Array.from({ length: n }, (_, i) => 3 * Math.sin(i));
const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
const [yFused, yWritten, cdf, dxRe, dxGiven] = Array.from({ length: 5 }, () => new Float32Array(n));
const mean = (f: () => void): number => {
  for (let i = 0; i < 2; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) f();
  return (performance.now() - t0) / 10;
};
/** Each way's median over 5 rounds that run every way in turn (the host's slow phases last seconds). */
function alternated(ways: (() => void)[]): string[] {
  const rounds = Array.from({ length: 5 }, () => ways.map(mean));
  return ways.map((_, w) => rounds.map((r) => r[w]).sort((a, b) => a - b)[2].toFixed(2));
}
const maxDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
console.log(`${ort.description}; [1024, 3072], ms per call`);
for (const chunk of [1 << 18, 1 << 20]) {
  const [f, w, r, g] = alternated([
    () => runChunked(fused, { x }, {}, { y: yFused }, chunk),
    () => runChunked(written, { x }, FWD_SCALARS, { y: yWritten, cdf }, chunk),
    () => runChunked(recomputed, { dy, x }, { ...FWD_SCALARS, ...BWD_SCALARS }, { dx: dxRe }, chunk),
    () => runChunked(given, { dy, x, cdf }, BWD_SCALARS, { dx: dxGiven }, chunk),
  ]);
  console.log(`chunk 2^${Math.log2(chunk)}: forward fused ${f} vs written out ${w}; backward Φ recomputed ${r} vs given ${g}`);
}
console.log(`max |Δ| forward ${maxDiff(yFused, yWritten)}, backward ${maxDiff(dxRe, dxGiven)}`);
