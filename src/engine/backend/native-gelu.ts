// Exact GELU and its gradient as two onnxruntime graphs, each one call in cache-sized chunks, for
// the wasm backend: on tf ops they are a dozen single-threaded passes (erf, elu for exp, the
// products), the largest share of a DistilRoBERTa step outside the matrix products.
// y = x·Φ(x), Φ(x) = (1 + erf(x/√2))/2;  dx = dy·(Φ(x) + x·exp(−x²/2)/√(2π)), as torch computes them.
// Forward is onnxruntime's own fused Gelu (com.microsoft: one pass, the same floats as the five
// ops written out); backward recomputes Φ(x) from x instead of keeping it from forward (12 MB a
// layer at DistilRoBERTa size). bench/model/gelu.ts at [1024, 3072] (bench/RESULTS.md, issue 19):
// forward 2.8 ms against 6.9 for the five ops with Φ(x) as a second output, backward 7.4 against
// 5.8 with Φ(x) given: 10.2 against 12.7 ms a layer.
import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-backend";
import { onnxModel, type OnnxNode } from "./onnx-graph";
import { GraphPair } from "./graph-pair";
import { runChunked } from "./ort-native";

export const GELU_KERNEL = "MlmNotebookGelu";
export const GELU_GRAD_KERNEL = "MlmNotebookGeluGrad";

const node = (op: string, inputs: string[], output: string): OnnxNode => ({ op, inputs, outputs: [output] });
const FORWARD: OnnxNode[] = [{ op: "Gelu", domain: "com.microsoft", inputs: ["x"], outputs: ["y"] }];
/** Φ(x) from x (inputs x, rsqrt2, one, half; output cdf). Exported for bench/model/gelu.ts. */
export const GELU_CDF_NODES: OnnxNode[] = [node("Mul", ["x", "rsqrt2"], "xs"), node("Erf", ["xs"], "e"), node("Add", ["e", "one"], "e1"), node("Mul", ["e1", "half"], "cdf")];
/** dx from dy, x and Φ(x) (inputs dy, x, cdf, neghalf, rsqrt2pi; output dx). Exported for bench/model/gelu.ts. */
export const GELU_DX_NODES: OnnxNode[] = [
  node("Mul", ["x", "x"], "x2"),
  node("Mul", ["x2", "neghalf"], "z"),
  node("Exp", ["z"], "ez"),
  node("Mul", ["ez", "rsqrt2pi"], "pdf"),
  node("Mul", ["x", "pdf"], "xpdf"),
  node("Add", ["cdf", "xpdf"], "d"),
  node("Mul", ["dy", "d"], "dx"),
];
const BACKWARD = [...GELU_CDF_NODES, ...GELU_DX_NODES];
/** The scalar inputs of those nodes, by name. */
export const GELU_CONSTANTS: Record<string, number> = { rsqrt2: Math.SQRT1_2, one: 1, half: 0.5, neghalf: -0.5, rsqrt2pi: 1 / Math.sqrt(2 * Math.PI) };

const BACKWARD_SCALARS = ["rsqrt2", "one", "half", "neghalf", "rsqrt2pi"];
const graphs = new GraphPair(onnxModel(FORWARD, ["x"], ["y"]), onnxModel(BACKWARD, ["dy", "x", ...BACKWARD_SCALARS], ["dx"]));

/** Elements per call: the graphs' per-call cost is amortised, and each node's 4 MB stays in L2 + L3. */
const CHUNK = 1 << 20;

/** Loads the graphs (throws why not), or turns them off with false. */
export function useNativeGelu(on: boolean): void {
  graphs.use(on);
}

/** Whether the GELU kernels can run now: on wasm, with the graphs loaded and an unshared heap. */
export function hasNativeGelu(): boolean {
  return graphs.ready();
}

const scalars = (names: string[]): Record<string, number> => Object.fromEntries(names.map((n) => [n, GELU_CONSTANTS[n]]));

type KernelParams = { inputs: tf.NamedTensorInfoMap; backend: unknown };

/** The two kernels on wasm (kernels.ts installs them with the backend's other kernels). */
export function registerGeluKernels(): void {
  tf.registerKernel({
    kernelName: GELU_KERNEL,
    backendName: "wasm",
    kernelFunc: (({ inputs, backend }: KernelParams) => {
      const b = backend as WasmBackend;
      const x = inputs.x as tf.TensorInfo;
      // Allocate first: a heap that grows invalidates views taken before.
      const y = b.makeOutput(x.shape, "float32");
      const view = (t: tf.TensorInfo): Float32Array => b.typedArrayFromHeap(t) as Float32Array;
      runChunked(graphs.forward, { x: view(x) }, {}, { y: view(y) }, CHUNK);
      return y;
    }) as unknown as tf.KernelFunc,
  });
  tf.registerKernel({
    kernelName: GELU_GRAD_KERNEL,
    backendName: "wasm",
    kernelFunc: (({ inputs, backend }: KernelParams) => {
      const b = backend as WasmBackend;
      const [dy, x] = ["dy", "x"].map((k) => inputs[k] as tf.TensorInfo);
      const dx = b.makeOutput(x.shape, "float32");
      const view = (t: tf.TensorInfo): Float32Array => b.typedArrayFromHeap(t) as Float32Array;
      runChunked(graphs.backward, { dy: view(dy), x: view(x) }, scalars(BACKWARD_SCALARS), { dx: view(dx) }, CHUNK);
      return dx;
    }) as unknown as tf.KernelFunc,
  });
}
