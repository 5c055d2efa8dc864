// Matrix products on onnxruntime's MLAS GEMM (~150-170 GFLOP/s on 2 Zen 4 cores where wasm's
// XNNPACK reaches ~45): the wasm backend hands it every float32 BatchMatMul (kernels.ts).
import { onnxModel } from "./onnx-graph";
import { loadOrtNative, type NativeGraph } from "./ort-native";

export interface NativeMatMul {
  readonly description: string;
  /**
   * out = op(a) · op(b), op transposing the last two axes where asked; batch axes broadcast as
   * numpy's matmul. All three arrays are plain (not shared) Float32Arrays; out is written in place.
   */
  multiply(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], transA: boolean, transB: boolean, out: Float32Array, outShape: number[]): void;
}

let loaded: NativeMatMul | null = null;

/**
 * Which long side, if any, a product is done in blocks of: a single product (batch axes all 1:
 * tf.matMul hands the kernel rank-3 shapes) whose long side is ≥ LONG and inner side ≤ SHORT_INNER,
 * as y·Wᵀ ("rows of b") and dLᵀ·y ("columns of a") of the tied decoder.
 */
export function longSideBlocks(aShape: number[], bShape: number[], transA: boolean, transB: boolean): "rows of b" | "columns of a" | null {
  const single = (s: number[]): boolean => s.length >= 2 && s.slice(0, -2).every((d) => d === 1);
  if (!single(aShape) || !single(bShape)) return null;
  const [a0, a1] = aShape.slice(-2);
  const [b0, b1] = bShape.slice(-2);
  if (!transA && transB && b0 >= LONG && b1 <= SHORT_INNER) return "rows of b";
  if (transA && !transB && a1 >= LONG && a0 <= SHORT_INNER) return "columns of a";
  return null;
}

/**
 * Products with one side tens of thousands long and a short inner dimension (the tied decoder:
 * y·Wᵀ and dLᵀ·y over a 50,265-word vocabulary) run faster in blocks of the long side: MLAS
 * packs the whole long operand per call and streams a 35 MB output, while blocks stay in cache.
 * Measured through tf.matMul at hidden 128: y·Wᵀ 36 → 29 ms, dLᵀ·y 32 → 27 ms; at 768 (on
 * onnxruntime alone) dLᵀ·y 195 → 109 ms.
 */
const LONG = 16384;
const SHORT_INNER = 1024;
const BLOCK = 1024;

/** The four product graphs (one com.microsoft FusedMatMul node each), loaded once; throws why not. */
export function loadNativeMatMul(): NativeMatMul {
  if (loaded) return loaded;
  const ort = loadOrtNative();
  const graphs = new Map<string, NativeGraph>();
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      const node = { op: "FusedMatMul", domain: "com.microsoft", inputs: ["a", "b"], outputs: ["c"], attributes: { transA: +transA, transB: +transB } };
      graphs.set(`${transA}${transB}`, ort.load(onnxModel([node], ["a", "b"], ["c"])));
    }
  }
  const run = (a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], transA: boolean, transB: boolean, out: Float32Array, outShape: number[]): void =>
    graphs.get(`${transA}${transB}`)!({ a: [a, aShape], b: [b, bShape] }, { c: [out, outShape] });
  loaded = {
    description: ort.description,
    multiply(a, aShape, b, bShape, transA, transB, out, outShape) {
      const blocks = longSideBlocks(aShape, bShape, transA, transB);
      if (blocks === "rows of b") {
        // c [M, N] = a [M, K] · b [N, K]ᵀ by blocks of b's rows; each block's columns of c are strided.
        const [M, K] = aShape.slice(-2);
        const N = bShape.at(-2)!;
        const tmp = new Float32Array(M * BLOCK);
        for (let s = 0; s < N; s += BLOCK) {
          const w = Math.min(BLOCK, N - s);
          const part = tmp.subarray(0, M * w);
          run(a, [M, K], b.subarray(s * K, (s + w) * K), [w, K], false, true, part, [M, w]);
          for (let r = 0; r < M; r++) out.set(part.subarray(r * w, (r + 1) * w), r * N + s);
        }
      } else if (blocks === "columns of a") {
        // c [M, N] = a [K, M]ᵀ · b [K, N] by blocks of a's columns (copied out), each block rows of c.
        const [K, M] = aShape.slice(-2);
        const N = bShape.at(-1)!;
        const tmp = new Float32Array(K * BLOCK);
        for (let s = 0; s < M; s += BLOCK) {
          const w = Math.min(BLOCK, M - s);
          const part = tmp.subarray(0, K * w);
          for (let r = 0; r < K; r++) part.set(a.subarray(r * M + s, r * M + s + w), r * w);
          run(part, [K, w], b, [K, N], true, false, out.subarray(s * N, (s + w) * N), [w, N]);
        }
      } else run(a, aShape, b, bShape, transA, transB, out, outShape);
    },
  };
  return loaded;
}

/** Whether native products are wanted: MLM_NOTEBOOK_NATIVE_MATMUL=0 turns them off. */
export function nativeMatMulWanted(): boolean {
  return process.env.MLM_NOTEBOOK_NATIVE_MATMUL !== "0";
}
