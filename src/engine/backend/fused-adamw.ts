// One AdamW update of one parameter in place, in a single pass over its buffers, on the wasm
// and cpu backends. The tf-ops version allocates about six parameter-sized temporaries per
// parameter (the embedding is 154 MB at DistilRoBERTa size): slow, and on wasm, whose heap
// never shrinks and stops at 4 GiB, the fragmentation that made batch 8 run out of memory.
// Each intermediate is rounded to float32 in torch.optim.AdamW's order (single-tensor path),
// so results match PyTorch to the last bit or two. On wasm the same update runs as one SIMD
// pass over the heap (wasm-adamw.ts), else on onnxruntime (native-adamw.ts), else this loop.
import * as tf from "@tensorflow/tfjs";
import { onnxReadable, refCount, writableBuffer } from "./host-buffers";

/** The same update on native vectorised code (native-adamw.ts), when loaded. */
export type NativeAdamW = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: AdamWHyper) => void;
let native: NativeAdamW | null = null;

/** Runs in-place updates on native code from now on (null: back to the JavaScript loop). */
export function useNativeAdamW(update: NativeAdamW | null): void {
  native = update;
}

/**
 * The same update as one SIMD pass over the wasm heap (wasm-adamw.ts builds it); false, touching
 * nothing, when the four views are not all of tfjs's wasm heap. Declared here, beside the hook it
 * plugs into, so registration flows one way: wasm-adamw.ts imports this file, never the reverse.
 */
export type WasmAdamW = (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: AdamWScalars) => boolean;
let wasmPass: WasmAdamW | null = null;

/** Runs in-place updates on the wasm heap as one SIMD pass from now on, ahead of native code (null: off). */
export function useWasmAdamW(update: WasmAdamW | null): void {
  wasmPass = update;
}

export interface AdamWHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** torch's state["step"] after incrementing: 1 on the first update. */
  step: number;
  /**
   * clip_grad_norm_'s coefficient (min(1, max_norm / (norm + 1e-6))), multiplied into each gradient
   * element as the update reads it: torch's g.mul_(coef) without its own pass over the gradients.
   * Default 1, which leaves every gradient as it is.
   */
  gradScale?: number;
}

/** The update's scalars as float32, each as torch makes it: a Python float cast to the tensor's dtype. */
export interface AdamWScalars {
  /** 1 − lr·wd; null when weight_decay is 0 (torch then skips the multiply). */
  decay: number | null;
  b1: number;
  oneMinusB1: number;
  b2: number;
  oneMinusB2: number;
  negStepSize: number;
  bc2Sqrt: number;
  eps: number;
  gradScale: number;
}

function adamwScalars(h: AdamWHyper): AdamWScalars {
  const f = Math.fround;
  return {
    decay: h.weightDecay !== 0 ? f(1 - h.lr * h.weightDecay) : null,
    b1: f(h.beta1),
    oneMinusB1: f(1 - h.beta1),
    b2: f(h.beta2),
    oneMinusB2: f(1 - h.beta2),
    negStepSize: f(-h.lr / (1 - h.beta1 ** h.step)),
    bc2Sqrt: f(Math.sqrt(1 - h.beta2 ** h.step)),
    eps: f(h.eps),
    gradScale: f(h.gradScale ?? 1),
  };
}

/**
 * Updates param, expAvg and expAvgSq in place. Returns false (touching nothing) when the
 * backend keeps its buffers out of reach (webgpu, tensorflow) or a buffer is shared with another
 * tensor; the caller then runs the tf-ops update.
 */
export function adamwUpdateInPlace(param: tf.Variable, grad: tf.Tensor, expAvg: tf.Variable, expAvgSq: tf.Variable, h: AdamWHyper): boolean {
  if (grad.size !== param.size || expAvg.size !== param.size || expAvgSq.size !== param.size) {
    throw new Error(`AdamW: gradient of shape [${grad.shape}] does not fit parameter ${param.name} of shape [${param.shape}]`);
  }
  if ([param, expAvg, expAvgSq].some((t) => refCount(t) !== 1)) return false;
  const p = writableBuffer(param);
  const m = writableBuffer(expAvg);
  const v = writableBuffer(expAvgSq);
  const g = grad.dtype === "float32" ? writableBuffer(grad) : null;
  if (!p || !m || !v || !g) return false;
  const s = adamwScalars(h);
  if (wasmPass?.(p, g, m, v, s)) return true;
  if (native && [p, m, v, g].every(onnxReadable)) {
    native(p, g, m, v, h);
    return true;
  }
  const f = Math.fround;
  const { decay, b1, oneMinusB1, b2, oneMinusB2, negStepSize, bc2Sqrt, eps, gradScale } = s;
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = f(g[i] * gradScale);
    const pi = decay !== null ? f(p[i] * decay) : p[i];
    const mi = f(f(m[i] * b1) + f(gi * oneMinusB1));
    const vi = f(f(v[i] * b2) + f(f(gi * gi) * oneMinusB2));
    const denom = f(f(f(Math.sqrt(vi)) / bc2Sqrt) + eps);
    m[i] = mi;
    v[i] = vi;
    p[i] = f(pi + f(negStepSize * f(mi / denom)));
  }
  return true;
}
