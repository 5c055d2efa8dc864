// LayerNorm over the last axis and its gradient as two onnxruntime graphs, one call each, for the
// wasm backend: on tf ops they are ~9 and ~12 single-threaded kernels of ~20 µs overhead each.
// Forward, as nn.LayerNorm (biased variance, eps inside the square root, float32), is ONNX's
// LayerNormalization, one fused pass that also gives the row means μ and rstd = 1/√(σ² + eps).
// Backward, as PyTorch's kernel, with x̂ = (x − μ)·rstd recomputed (the forward does not output it):
// g = dy·γ, dx = (g − mean(g) − x̂·mean(g·x̂))·rstd,
// dγ = Σ_rows dy·x̂, dβ = Σ_rows dy, the row sums as products ones[1, N]·(·) (ReduceSum takes its
// axes as an int64 input from opset 13, which these float-only graphs cannot feed).
// Measured (bench/RESULTS.md, "LayerNorm as two onnxruntime calls"): ahead at [1024, 768], about
// even at the tiny model's [1024, 128], where onnxruntime's elementwise passes are no faster than
// XNNPACK's; the fused forward is closer to float64 than the tf ops on rows with large offsets.
import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-backend";
import { onnxModel, type OnnxNode } from "./onnx-graph";
import { GraphPair } from "./graph-pair";

export const LAYER_NORM_KERNEL = "MlmNotebookLayerNorm";
export const LAYER_NORM_GRAD_KERNEL = "MlmNotebookLayerNormGrad";

const node = (op: string, inputs: string[], output: string, attributes?: OnnxNode["attributes"]): OnnxNode => ({ op, inputs, outputs: [output], attributes });
const rowMean = (input: string, output: string): OnnxNode => node("ReduceMean", [input], output, { axes: [1] });

/** LayerNormalization's epsilon is a float attribute, which onnx-graph.ts does not encode: its default, 1e-5, is RoBERTa's. */
export const NATIVE_EPS = 1e-5;

const FORWARD = onnxModel([{ op: "LayerNormalization", inputs: ["x", "w", "b"], outputs: ["y", "mean", "rstd"], attributes: { axis: 1 } }], ["x", "w", "b"], ["y", "mean", "rstd"]);
const BACKWARD = onnxModel(
  [
    node("Sub", ["x", "mean"], "c"),
    node("Mul", ["c", "rstd"], "xhat"),
    node("Mul", ["dy", "w"], "g"),
    rowMean("g", "mg"),
    node("Mul", ["g", "xhat"], "gx"),
    rowMean("gx", "mgx"),
    node("Sub", ["g", "mg"], "t1"),
    node("Mul", ["xhat", "mgx"], "t2"),
    node("Sub", ["t1", "t2"], "t3"),
    node("Mul", ["t3", "rstd"], "dx"),
    node("Mul", ["dy", "xhat"], "dyx"),
    node("MatMul", ["ones", "dyx"], "dw"),
    node("MatMul", ["ones", "dy"], "db"),
  ],
  ["dy", "x", "mean", "rstd", "w", "ones"],
  ["dx", "dw", "db"],
);

const graphs = new GraphPair(FORWARD, BACKWARD);

/** Loads the graphs (throws why not), or turns them off with false. */
export function useNativeLayerNorm(on: boolean): void {
  graphs.use(on);
}

/** Whether the LayerNorm kernels can run now for this eps: on wasm, with the graphs loaded and an unshared heap. */
export function hasNativeLayerNorm(eps: number): boolean {
  return Math.fround(eps) === Math.fround(NATIVE_EPS) && graphs.ready();
}

type KernelParams = { inputs: tf.NamedTensorInfoMap; backend: unknown };

/** Forward: inputs x [N, C], w [C], b [C]; outputs y [N, C], the row means μ [N, 1] and rstd [N, 1]. */
function forward({ inputs, backend }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const [x, w, b] = ["x", "w", "b"].map((k) => inputs[k] as tf.TensorInfo);
  const [n, c] = x.shape;
  // Allocate first: a heap that grows invalidates views taken before.
  const outs = [be.makeOutput([n, c], "float32"), be.makeOutput([n, 1], "float32"), be.makeOutput([n, 1], "float32")];
  if (n === 0) return outs;
  const [xv, wv, bv, y, mean, rstd] = [x, w, b, ...outs].map((t) => be.typedArrayFromHeap(t) as Float32Array);
  graphs.forward({ x: [xv, [n, c]], w: [wv, [c]], b: [bv, [c]] }, { y: [y, [n, c]], mean: [mean, [n, 1]], rstd: [rstd, [n, 1]] });
  return outs;
}

/** Rows of ones for the column sums, grown to the largest N seen. */
let ones = new Float32Array(0);

/** Backward: inputs dy [N, C], x [N, C], μ [N, 1], rstd [N, 1], w [C]; outputs dx [N, C], dw [C], db [C]. */
function backward({ inputs, backend }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const [dy, x, mean, rstd, w] = ["dy", "x", "mean", "rstd", "w"].map((k) => inputs[k] as tf.TensorInfo);
  const [n, c] = dy.shape;
  const outs = [be.makeOutput([n, c], "float32"), be.makeOutput([c], "float32"), be.makeOutput([c], "float32")];
  const [dyv, xv, mv, rv, wv, dx, dw, db] = [dy, x, mean, rstd, w, ...outs].map((t) => be.typedArrayFromHeap(t) as Float32Array);
  if (n === 0) {
    // No rows: nothing flows back, and the sums over no rows are zero.
    dw.fill(0);
    db.fill(0);
    return outs;
  }
  if (ones.length < n) ones = new Float32Array(n).fill(1);
  graphs.backward(
    { dy: [dyv, [n, c]], x: [xv, [n, c]], mean: [mv, [n, 1]], rstd: [rv, [n, 1]], w: [wv, [c]], ones: [ones.subarray(0, n), [1, n]] },
    { dx: [dx, [n, c]], dw: [dw, [1, c]], db: [db, [1, c]] },
  );
  return outs;
}

/** The two kernels on wasm (kernels.ts installs them with the backend's other kernels). */
export function registerLayerNormKernels(): void {
  tf.registerKernel({ kernelName: LAYER_NORM_KERNEL, backendName: "wasm", kernelFunc: forward as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: LAYER_NORM_GRAD_KERNEL, backendName: "wasm", kernelFunc: backward as unknown as tf.KernelFunc });
}
