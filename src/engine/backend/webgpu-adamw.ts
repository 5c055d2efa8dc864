// The AdamW update of one parameter in three GPU passes instead of the ~13 that its tf ops take.
// On a GPU every dispatch costs tens of microseconds of CPU in tfjs, and DistilRoBERTa has 100+
// parameters, so the optimizer alone would spend more time dispatching than computing.
// Same arithmetic, in the same order, as training/adamw.ts (torch.optim.AdamW, single-tensor).
import * as tf from "@tensorflow/tfjs";
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import { type FlatProgramSpec, runFlatProgram, type WebGpuUtilModule } from "./webgpu-program";
import type { AdamWHyper } from "./fused-adamw";

const KERNEL = "MlmNotebookAdamW";

const EXP_AVG: FlatProgramSpec = {
  key: "mlm_notebook_adamw_exp_avg",
  inputs: ["m", "g"],
  uniforms: "beta : f32, oneMinusBeta : f32, gradScale : f32,",
  body: "setOutputAtIndex(index, getMByOutputIndex(index) * uniforms.beta + (getGByOutputIndex(index) * uniforms.gradScale) * uniforms.oneMinusBeta);",
};

const EXP_AVG_SQ: FlatProgramSpec = {
  key: "mlm_notebook_adamw_exp_avg_sq",
  inputs: ["v", "g"],
  uniforms: "beta : f32, oneMinusBeta : f32, gradScale : f32,",
  body: `
    let g = getGByOutputIndex(index) * uniforms.gradScale;
    setOutputAtIndex(index, getVByOutputIndex(index) * uniforms.beta + (g * g) * uniforms.oneMinusBeta);`,
};

const PARAM: FlatProgramSpec = {
  key: "mlm_notebook_adamw_param",
  inputs: ["p", "m", "v"],
  uniforms: "decayFactor : f32, bc2Sqrt : f32, eps : f32, stepSize : f32,",
  body: `
    let denom = sqrt(getVByOutputIndex(index)) / uniforms.bc2Sqrt + uniforms.eps;
    let p = getPByOutputIndex(index) * uniforms.decayFactor;
    setOutputAtIndex(index, p - (getMByOutputIndex(index) / denom) * uniforms.stepSize);`,
};

/** The same hyperparameters as the in-place wasm/cpu update (weightDecay is this parameter's own: 0 for biases and LayerNorm weights). */
export type AdamWStepHyper = AdamWHyper;

/** Registers the kernel on the webgpu backend; initWebGpu calls this once the backend exists. */
export function registerGpuAdamW(util: WebGpuUtilModule): void {
  if (tf.getKernel(KERNEL, "webgpu")) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: "webgpu",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const gpu = backend as WebGPUBackend;
      const { param, grad, expAvg, expAvgSq } = inputs as Record<string, tf.TensorInfo>;
      const h = attrs as unknown as AdamWStepHyper;
      const f32 = (...data: number[]) => data.map((d) => ({ type: "float32" as const, data: [d] }));
      const m = runFlatProgram(gpu, util, EXP_AVG, [expAvg, grad], f32(h.beta1, 1 - h.beta1, h.gradScale ?? 1));
      const v = runFlatProgram(gpu, util, EXP_AVG_SQ, [expAvgSq, grad], f32(h.beta2, 1 - h.beta2, h.gradScale ?? 1));
      const stepSize = h.lr / (1 - h.beta1 ** h.step);
      const bc2Sqrt = Math.sqrt(1 - h.beta2 ** h.step);
      // Multiplying by exactly 1 when there is no decay leaves p as it is, as the tf ops do.
      const p = runFlatProgram(gpu, util, PARAM, [param, m, v], f32(h.weightDecay !== 0 ? 1 - h.lr * h.weightDecay : 1, bc2Sqrt, h.eps, stepSize));
      return [p, m, v];
    },
  });
}

/** Whether gpuAdamWUpdate can run now: the current backend is webgpu. */
export function hasGpuAdamW(): boolean {
  return tf.getBackend() === "webgpu" && tf.getKernel(KERNEL, "webgpu") !== undefined;
}

/** One AdamW update; returns the new parameter and moments, for the caller to assign and dispose. */
export function gpuAdamWUpdate(
  param: tf.Tensor,
  grad: tf.Tensor,
  expAvg: tf.Tensor,
  expAvgSq: tf.Tensor,
  hyper: AdamWStepHyper,
): { param: tf.Tensor; expAvg: tf.Tensor; expAvgSq: tf.Tensor } {
  const [p, m, v] = tf.engine().runKernel(KERNEL, { param, grad, expAvg, expAvgSq }, hyper as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { param: p, expAvg: m, expAvgSq: v };
}
