// sgemm GFLOP/s through onnxruntime-node's MLAS (the GEMM our native kernels call, src/engine/
// backend/native-matmul.ts), square n × n × n and the DistilRoBERTa step's own shapes; one JSON line.
// Usage: MLM_NOTEBOOK_NATIVE_THREADS=2 node --import tsx bench/ceiling/sgemm-mlas.ts [seconds per shape]
import { loadNativeMatMul } from "../../src/engine/backend/native-matmul";
import { SHAPES, type Shape } from "./shapes";

const budget = Number(process.argv[2] ?? 3);
const mm = loadNativeMatMul();

/** Best and median GFLOP/s of repeated products over `budget` seconds, after 3 warm-up calls. */
function measure([m, k, n]: Shape): { best: number; median: number; calls: number } {
  const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 13) / 13 - 0.5);
  const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 11) / 11 - 0.5);
  const c = new Float32Array(m * n);
  const once = (): number => {
    const t0 = performance.now();
    mm.multiply(a, [m, k], b, [k, n], false, false, c, [m, n]);
    return (performance.now() - t0) / 1000;
  };
  for (let i = 0; i < 3; i++) once();
  const times: number[] = [];
  const end = performance.now() + budget * 1000;
  while (performance.now() < end || times.length < 5) times.push(once());
  times.sort((x, y) => x - y);
  const gflop = (2 * m * k * n) / 1e9;
  return { best: gflop / times[0], median: gflop / times[Math.floor(times.length / 2)], calls: times.length };
}

console.log(JSON.stringify({ side: "mlas", library: mm.description, shapes: SHAPES.map((s) => ({ shape: s, ...measure(s) })) }));
