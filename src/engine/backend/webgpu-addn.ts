// AddN on webgpu for any number of inputs. tfjs binds every input of AddN as one storage buffer,
// and a device allows only maxStorageBuffersPerShaderStage of them (8 by default, the output
// included): the global gradient norm adds one square-sum per parameter (RoBERTa has dozens),
// which the GPU rejects. Larger sums are added in chunks that fit, then the partial sums.
import * as tf from "@tensorflow/tfjs";
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";

const MARK = Symbol.for("mlm-notebook.webgpu-addn-chunked");

type KernelFunc = (params: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => tf.TensorInfo | tf.TensorInfo[];

export function registerChunkedAddN(): void {
  const stock = tf.getKernel("AddN", "webgpu");
  if (!stock || (stock.kernelFunc as unknown as Record<symbol, boolean>)[MARK]) return;
  const addN = stock.kernelFunc as unknown as KernelFunc;

  const chunked: KernelFunc = ({ inputs, backend, attrs }) => {
    const tensors = inputs as unknown as tf.TensorInfo[];
    const gpu = backend as WebGPUBackend;
    const fits = gpu.device.limits.maxStorageBuffersPerShaderStage - 1;
    if (tensors.length <= fits) return addN({ inputs, backend, attrs });
    // Partial sums are ours to free once added; the caller's inputs are not.
    const partials = new Set<tf.TensorInfo>();
    const add = (part: tf.TensorInfo[]): tf.TensorInfo => {
      const sum = addN({ inputs: part as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
      for (const t of part) if (partials.delete(t)) gpu.disposeData(t.dataId);
      return sum;
    };
    let level = tensors;
    while (level.length > fits) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < level.length; i += fits) {
        const part = level.slice(i, i + fits);
        if (part.length === 1) next.push(part[0]);
        else {
          const sum = add(part);
          partials.add(sum);
          next.push(sum);
        }
      }
      level = next;
    }
    return add(level);
  };
  (chunked as unknown as Record<symbol, boolean>)[MARK] = true;
  tf.unregisterKernel("AddN", "webgpu");
  tf.registerKernel({ ...stock, kernelFunc: chunked as unknown as tf.KernelFunc });
}
