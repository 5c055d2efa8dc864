// Kernels written in JavaScript for the backends whose tensors live in host memory (wasm's heap,
// cpu's typed arrays). They exist where tfjs's own kernels cost several passes or a slow generic
// loop for what is one pass here (a hashed dropout mask, a lookup of table rows); the GPU path
// keeps tfjs's kernels or its own shaders.
import * as tf from "@tensorflow/tfjs";

type Values = Float32Array | Int32Array;

export interface HostKernelSpec {
  /** A kernel name of this project's own (never a tfjs name: that would replace tfjs's kernel). */
  name: string;
  /** Input names, in the order `run` receives their values. */
  inputs: string[];
  /** The output's shape and dtype from the inputs' shapes and the attributes. */
  output(shapes: number[][], attrs: tf.NamedAttrMap): { shape: number[]; dtype: "float32" | "int32" };
  /** Writes every element of `out` (it starts uninitialised on wasm); must not write the inputs. */
  run(inputs: Values[], out: Values, shapes: number[][], attrs: tf.NamedAttrMap): void;
}

/** The parts of tfjs-backend-wasm's BackendWasm used here (it exports no type for them). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Values;
}

/** The parts of tfjs-backend-cpu's MathBackendCPU used here. */
interface CpuBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): tf.TensorInfo;
}

const HOST_BACKENDS = ["wasm", "cpu"] as const;

/** Registers `spec` on wasm and cpu (once; a second call is a no-op). */
export function registerHostKernel(spec: HostKernelSpec): void {
  for (const backendName of HOST_BACKENDS) {
    if (tf.getKernel(spec.name, backendName)) continue;
    const kernelFunc = ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo => {
      const infos = spec.inputs.map((n) => inputs[n] as tf.TensorInfo);
      const shapes = infos.map((t) => t.shape);
      const a = attrs ?? {};
      const { shape, dtype } = spec.output(shapes, a);
      if (backendName === "wasm") {
        const b = backend as WasmBackend;
        // Allocate first: a heap that grows invalidates views taken before.
        const out = b.makeOutput(shape, dtype);
        spec.run(
          infos.map((t) => b.typedArrayFromHeap(t)),
          b.typedArrayFromHeap(out),
          shapes,
          a,
        );
        return out;
      }
      const b = backend as CpuBackend;
      const size = shape.reduce((x, y) => x * y, 1);
      const out = dtype === "int32" ? new Int32Array(size) : new Float32Array(size);
      spec.run(
        infos.map((t) => b.readSync(t.dataId) as Values),
        out,
        shapes,
        a,
      );
      return b.makeTensorInfo(shape, dtype, out);
    };
    tf.registerKernel({ kernelName: spec.name, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
}
