// Dropout with its random mask made on the GPU. tf.dropout draws its mask with a JavaScript
// generator and uploads it: for DistilRoBERTa at batch 32 that is ~78M numbers a step, seconds of
// CPU while the GPU waits. Here each element's keep/drop comes from a hash of (seed, index), the
// same in forward and backward, so the mask is never stored nor uploaded.
import * as tf from "@tensorflow/tfjs";
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import { type FlatProgramSpec, runFlatProgram, type WebGpuUtilModule } from "./webgpu-program";

const KERNEL = "MlmNotebookDropout";

const PROGRAM: FlatProgramSpec = {
  key: "mlm_notebook_dropout",
  inputs: ["x"],
  uniforms: "seed : i32, threshold : i32, scale : f32,",
  // lowbias32 (Chris Wellons' integer hash): a bijection on u32 with good avalanche, cheap in WGSL.
  helpers: `
    fn lowbias32(v : u32) -> u32 {
      var h = v;
      h = h ^ (h >> 16u);
      h = h * 0x7feb352du;
      h = h ^ (h >> 15u);
      h = h * 0x846ca68bu;
      h = h ^ (h >> 16u);
      return h;
    }`,
  body: `
    let h = lowbias32(bitcast<u32>(index) ^ lowbias32(bitcast<u32>(uniforms.seed)));
    let keep = h >= bitcast<u32>(uniforms.threshold);
    setOutputAtIndex(index, select(0.0, getXByOutputIndex(index) * uniforms.scale, keep));`,
};

/** Registers the kernel on the webgpu backend; initWebGpu calls this once the backend exists. */
export function registerGpuDropout(util: WebGpuUtilModule): void {
  if (tf.getKernel(KERNEL, "webgpu")) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { seed, rate } = attrs as unknown as { seed: number; rate: number };
      // Drop where hash < rate·2³², so each element is dropped with probability `rate`.
      const threshold = Math.min(Math.floor(rate * 2 ** 32), 2 ** 32 - 1);
      return runFlatProgram(backend as WebGPUBackend, util, PROGRAM, [inputs.x as tf.TensorInfo], [
        { type: "int32", data: [seed | 0] },
        { type: "int32", data: [threshold | 0] },
        { type: "float32", data: [1 / (1 - rate)] },
      ]);
    },
  });
}

/** Whether gpuDropout can run now: the current backend is webgpu. */
export function hasGpuDropout(): boolean {
  return tf.getBackend() === "webgpu" && tf.getKernel(KERNEL, "webgpu") !== undefined;
}

/**
 * nn.Dropout in training on the webgpu backend: zero each element with probability `rate`, scale
 * the rest by 1/(1−rate). The same (x shape, rate, seed) always drops the same elements.
 */
export function gpuDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (rate <= 0) return x;
  if (rate >= 1) return tf.zerosLike(x);
  const attrs = { rate, seed } as unknown as tf.NamedAttrMap;
  const apply = (t: tf.Tensor): tf.Tensor => tf.engine().runKernel(KERNEL, { x: t }, attrs) as tf.Tensor;
  const op = tf.customGrad(((input: tf.Tensor) => ({
    value: apply(input),
    // The gradient passes where the forward kept, with the same scale: the same mask, re-hashed.
    gradFunc: (dy: tf.Tensor) => apply(dy),
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as T;
}
