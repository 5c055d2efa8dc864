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
  loaded = {
    description: ort.description,
    multiply(a, aShape, b, bShape, transA, transB, out, outShape) {
      graphs.get(`${transA}${transB}`)!({ a: [a, aShape], b: [b, bShape] }, { c: [out, outShape] });
    },
  };
  return loaded;
}

/** Whether native products are wanted: MLM_NOTEBOOK_NATIVE_MATMUL=0 turns them off. */
export function nativeMatMulWanted(): boolean {
  return process.env.MLM_NOTEBOOK_NATIVE_MATMUL !== "0";
}
