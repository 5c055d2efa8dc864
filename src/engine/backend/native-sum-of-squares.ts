// Σ g² of a gradient on onnxruntime (ReduceSumSquare: threaded, vectorised, and summed with
// MLAS's partial sums, where wasm's Sum adds 38M squares one after another in float32 and
// drifts ~10% low at DistilRoBERTa's embedding). The first pass of gradient clipping
// (torch.nn.utils.clip_grad_norm_). The scaling pass stays on tf ops: onnxruntime's Mul over
// such arrays measured no faster than wasm's.
import type * as tf from "@tensorflow/tfjs";
import { onnxReadable, writableBuffer } from "./host-buffers";
import { onnxModel } from "./onnx-graph";
import { loadOrtNative, type NativeGraph } from "./ort-native";

let sumOfSquares: NativeGraph | null = null;

/** Loads the graph (throws why not), or turns it off with false. */
export function useNativeSumOfSquares(on: boolean): void {
  sumOfSquares = on ? loadOrtNative().load(onnxModel([{ op: "ReduceSumSquare", inputs: ["x"], outputs: ["y"], attributes: { keepdims: 0 } }], ["x"], ["y"])) : null;
}

/** Σ g² of a float32 gradient, summed in float32; null where native code cannot reach it. */
export function nativeSumOfSquares(g: tf.Tensor): number | null {
  const x = sumOfSquares ? writableBuffer(g) : null;
  if (!x || x.length === 0 || !onnxReadable(x)) return null;
  const y = new Float32Array(1);
  sumOfSquares!({ x: [x, [x.length]] }, { y: [y, []] });
  return y[0];
}
