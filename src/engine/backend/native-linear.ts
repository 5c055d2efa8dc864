// nn.Linear on onnxruntime for the wasm backend, one call each way: forward y = x·Wᵀ + b as one
// Gemm (the bias added inside the product's output pass), backward dx = dy·W, dW = dyᵀ·x and
// db = 1ᵀ·dy as one graph. As tf ops a linear layer was two kernels forward (product, bias add on
// wasm's one thread) and five backward (three products, the ones row and its reshape), each paying
// tfjs's dispatch and onnxruntime's call. The vocabulary-wide tied decoder keeps the product path
// (native-matmul.ts cuts it in blocks; in training native-decoder-loss.ts replaces it).
import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-backend";
import { onnxModel } from "./onnx-graph";
import { GraphPair } from "./graph-pair";

export const LINEAR_KERNEL = "MlmNotebookLinear";
export const LINEAR_GRAD_KERNEL = "MlmNotebookLinearGrad";

/** Weights with at least this many output rows stay on the product path (the tied decoder). */
const MAX_OUT = 16384;

const FORWARD = onnxModel([{ op: "Gemm", inputs: ["x", "w", "b"], outputs: ["y"], attributes: { transB: 1 } }], ["x", "w", "b"], ["y"]);
const BACKWARD = onnxModel(
  [
    { op: "MatMul", inputs: ["dy", "w"], outputs: ["dx"] },
    { op: "Gemm", inputs: ["dy", "x"], outputs: ["dw"], attributes: { transA: 1 } },
    { op: "MatMul", inputs: ["ones", "dy"], outputs: ["db"] },
  ],
  ["dy", "x", "w", "ones"],
  ["dx", "dw", "db"],
);

const graphs = new GraphPair(FORWARD, BACKWARD);

/** Loads the graphs (throws why not), or turns them off with false. */
export function useNativeLinear(on: boolean): void {
  graphs.use(on);
}

/** Whether a linear layer with this weight [out, in] runs on the kernels now (wasm, graphs loaded, unshared heap). */
export function hasNativeLinear(weight: tf.Tensor): boolean {
  return weight.shape[0] < MAX_OUT && graphs.ready();
}

type KernelParams = { inputs: tf.NamedTensorInfoMap; backend: unknown };
const view = (be: WasmBackend, t: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(t) as Float32Array;

let ones = new Float32Array(0);

/** The kernels on wasm (kernels.ts installs them with the backend's other kernels). */
export function registerLinearKernels(): void {
  tf.registerKernel({
    kernelName: LINEAR_KERNEL,
    backendName: "wasm",
    kernelFunc: (({ inputs, backend }: KernelParams) => {
      const be = backend as WasmBackend;
      const [x, w, b] = ["x", "w", "b"].map((k) => inputs[k] as tf.TensorInfo);
      const [n, k] = x.shape;
      const out = w.shape[0];
      // Allocate first: a heap that grows invalidates views taken before.
      const y = be.makeOutput([n, out], "float32");
      graphs.forward({ x: [view(be, x), [n, k]], w: [view(be, w), [out, k]], b: [view(be, b), [out]] }, { y: [view(be, y), [n, out]] });
      return y;
    }) as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: LINEAR_GRAD_KERNEL,
    backendName: "wasm",
    kernelFunc: (({ inputs, backend }: KernelParams) => {
      const be = backend as WasmBackend;
      const [dy, x, w] = ["dy", "x", "w"].map((k) => inputs[k] as tf.TensorInfo);
      const [n, k] = x.shape;
      const out = w.shape[0];
      const outs = [be.makeOutput([n, k], "float32"), be.makeOutput([out, k], "float32"), be.makeOutput([out], "float32")];
      if (ones.length < n) ones = new Float32Array(n).fill(1);
      const [dx, dw, db] = outs.map((t) => view(be, t));
      graphs.backward(
        { dy: [view(be, dy), [n, out]], x: [view(be, x), [n, k]], w: [view(be, w), [out, k]], ones: [ones.subarray(0, n), [1, n]] },
        { dx: [dx, [n, k]], dw: [dw, [out, k]], db: [db, [1, out]] },
      );
      return outs;
    }) as unknown as tf.KernelFunc,
  });
}
