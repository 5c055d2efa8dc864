// erf (exact GELU's) on onnxruntime's MLAS: a vectorised polynomial on every core, 4-5× tfjs-wasm's
// scalar std::erf in one thread ([1024, 3072]: 10 vs 47 ms). Softmax stays on wasm: onnxruntime's
// Softmax over [174, 50265] measured 31 ms against wasm's 12.
import { onnxModel } from "./onnx-graph";
import { loadOrtNative, type NativeGraph } from "./ort-native";

let graph: NativeGraph | null = null;

/** Loads the graph (throws why not), or turns it off with false. */
export function useNativeErf(on: boolean): void {
  graph = on ? loadOrtNative().load(onnxModel([{ op: "Erf", inputs: ["x"], outputs: ["y"] }], ["x"], ["y"])) : null;
}

/** y = erf(x) for plain float32 arrays of one shape; false (nothing written) when turned off. */
export function nativeErf(x: Float32Array, y: Float32Array, shape: number[]): boolean {
  if (!graph) return false;
  graph({ x: [x, shape] }, { y: [y, shape] });
  return true;
}
