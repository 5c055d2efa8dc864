// Dropout on the host backends with the mask hashed from (seed, index), the rule the webgpu
// shader uses (backend/webgpu-dropout.ts): the same seed drops the same elements on wasm, cpu and
// webgpu. tf.dropout draws a uniform number per element in JavaScript (~17 ns each) and then
// spends four passes turning it into a mask; here one pass writes the scaled mask, and x·mask is
// one vectorised product whose gradient, dy·mask, is another (re-hashing would cost 10× that).
// On wasm the mask is one SIMD pass over the heap (backend/wasm-dropout.ts) once the backend's
// start has loaded it; this JavaScript loop writes it on cpu, and on wasm without the pass.
import * as tf from "@tensorflow/tfjs";
import type { WasmDropoutMask } from "../backend/wasm-dropout";
import { registerHostKernel } from "./host-kernels";

/** The mask kernel's name (attributes: shape, rate, seed); benchmarks time it alone. */
export const DROPOUT_MASK_KERNEL = "MlmNotebookDropoutMask";

let wasmPass: WasmDropoutMask | null = null;

/** Writes masks on the wasm heap as one SIMD pass from now on (null: back to the JavaScript loop). */
export function useWasmDropoutMask(pass: WasmDropoutMask | null): void {
  wasmPass = pass;
}

/** Chris Wellons' lowbias32, as in the shader: a bijection on u32 with good avalanche. */
function lowbias32(v: number): number {
  let h = v >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Element i is dropped when lowbias32(i ^ lowbias32(seed)) < floor(rate·2³²): probability `rate`. */
export function dropThreshold(rate: number): number {
  return Math.min(Math.floor(rate * 2 ** 32), 2 ** 32 - 1);
}

/** The mask in JavaScript: element i is `scale` when lowbias32(i ^ key) ≥ threshold, else 0. */
function maskLoop(out: Float32Array, key: number, threshold: number, scale: number): void {
  // Unsigned h ≥ threshold as a signed comparison of both with the top bit flipped: the loop
  // then stays in int32 (h >>> 0 would make a double of every h ≥ 2³¹; 17% slower).
  const biased = (threshold ^ 0x80000000) | 0;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    // lowbias32 inlined: a call per element costs a third of the loop.
    let h = i ^ key;
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    out[i] = (h ^ 0x80000000) >= biased ? scale : 0;
  }
}

registerHostKernel({
  name: DROPOUT_MASK_KERNEL,
  // No inputs: the mask depends on the shape alone, and an input would ask autodiff for its gradient.
  inputs: [],
  output: (_shapes, attrs) => ({ shape: (attrs as unknown as { shape: number[] }).shape, dtype: "float32" }),
  run: (_inputs, out, _shapes, attrs) => {
    const { rate, seed } = attrs as unknown as { rate: number; seed: number };
    const threshold = dropThreshold(rate);
    // float32 like the shader's uniform, so x·mask equals the GPU's values bit for bit.
    const scale = Math.fround(1 / (1 - rate));
    const key = lowbias32(seed | 0);
    // The pass declines (false) arrays off the wasm heap: the cpu backend's.
    if (!wasmPass?.(out as Float32Array, key, threshold, scale)) maskLoop(out as Float32Array, key, threshold, scale);
  },
});

/** Whether hostDropout runs on the current backend (wasm or cpu). */
export function hasHostDropout(): boolean {
  return tf.getKernel(DROPOUT_MASK_KERNEL, tf.getBackend()) !== undefined;
}

/**
 * nn.Dropout in training on wasm or cpu: zero each element with probability `rate`, scale the rest
 * by 1/(1−rate). The same (x shape, rate, seed) always drops the same elements.
 */
export function hostDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (rate <= 0) return x;
  if (rate >= 1) return tf.zerosLike(x);
  // The mask has no gradient of its own; autodiff of the product passes dy·mask to x.
  return tf.mul(x, hostDropoutMask(x.shape, rate, seed));
}

/** The mask hostDropout multiplies by (0 or 1/(1−rate) per element), for kernels that apply it themselves; 0 < rate < 1. */
export function hostDropoutMask(shape: number[], rate: number, seed: number): tf.Tensor {
  return tf.engine().runKernel(DROPOUT_MASK_KERNEL, {}, { shape, rate, seed } as unknown as tf.NamedAttrMap) as tf.Tensor;
}
