// The building blocks of RoBERTa in tfjs, each matching its PyTorch counterpart in
// transformers' modeling_roberta.py (nn.Linear, nn.LayerNorm, exact GELU, nn.Embedding with
// padding_idx, CrossEntropyLoss with ignore_index=-100).
import * as tf from "@tensorflow/tfjs";
import { gpuDropout, hasGpuDropout } from "../backend/webgpu-dropout";

/** nn.Linear: x [N, in] · Wᵀ + b, with W stored as PyTorch does, [out, in]. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, weight, false, true), bias);
}

/** nn.LayerNorm over the last axis (biased variance, eps inside the square root). */
export function layerNorm(x: tf.Tensor2D, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), weight), bias);
}

/**
 * GELU with the exact erf form (transformers' "gelu"), not the tanh approximation. The gradient
 * Φ(x) + x·φ(x) is written out: autodiff through erf would add a dozen passes and a slow exp.
 */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  const g = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const cdf = tf.mul(tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1), 0.5);
    save([input, cdf]);
    return {
      value: tf.mul(input, cdf),
      gradFunc: (dy: tf.Tensor, [sx, scdf]: tf.Tensor[]) => {
        // φ(x) = exp(−x²/2)/√(2π); exp(z) for z ≤ 0 as elu(z) + 1 (XNNPACK's ELU is ~3× wasm's exp).
        const pdf = tf.mul(tf.add(tf.elu(tf.mul(tf.square(sx), -0.5)), 1), 1 / Math.sqrt(2 * Math.PI));
        return tf.mul(dy, tf.add(scdf, tf.mul(sx, pdf)));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return g(x) as tf.Tensor2D;
}

/**
 * The tied decoder y·Wᵀ (y [N, H], W the word embeddings [V, H]) with its gradient written out.
 * On wasm the layout decides the speed: forward as (W·yᵀ)ᵀ keeps the 50k-row W on the left, so
 * XNNPACK packs only yᵀ (2× faster than y·Wᵀ); backward dy = dL·W and dW = dLᵀ·y, where
 * autodiff of the forward would first transpose dL back and forth (3× slower in total).
 */
export function tiedDecoder(y: tf.Tensor2D, weight: tf.Tensor2D): tf.Tensor2D {
  const decode = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.transpose(tf.matMul(w as tf.Tensor2D, x as tf.Tensor2D, false, true)),
      gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, sw as tf.Tensor2D), tf.matMul(dy as tf.Tensor2D, sx as tf.Tensor2D, true, false)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return decode(y, weight) as tf.Tensor2D;
}

/**
 * nn.Embedding lookup with padding_idx semantics: rows looked up at padding positions get no
 * gradient (`keep` is 1 where a row learns, 0 at padding). The gradient is one segment sum
 * into the table (tf.gather's own gradient would also be a segment sum, but without `keep`).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D, keep: tf.Tensor2D): tf.Tensor2D {
  const lookup = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, k: tf.Tensor, save: tf.GradSaveFunc) => {
    save([i, k]);
    return {
      value: tf.gather(t, i as tf.Tensor1D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [si, sk] = saved;
        return [tf.unsortedSegmentSum(tf.mul(dy, sk), si as tf.Tensor1D, t.shape[0]), tf.zerosLike(si), tf.zerosLike(sk)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return lookup(table, ids, keep) as tf.Tensor2D;
}

/**
 * Mean cross-entropy of rows of logits [N, V] against labels [N] (all valid), with the gradient
 * written directly as (softmax − onehot)/N. V is 50,265, so passes over [N, V] dominate: one
 * softmax (XNNPACK's, several times faster on wasm than exp via logSoftmax), one scale and one
 * scatter, instead of autodiff's dozen.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const ce = tf.customGrad(((x: tf.Tensor, l: tf.Tensor, save: tf.GradSaveFunc) => {
    const n = x.shape[0];
    const probs = tf.softmax(x as tf.Tensor2D);
    const at = tf.stack([tf.range(0, n, 1, "int32"), l as tf.Tensor1D], 1) as tf.Tensor2D;
    const picked = tf.gatherND(probs, at) as tf.Tensor1D;
    // −log p is exact to float32 while p is a normal number; below that (a logit gap over ~87)
    // those rows take −log p = max(x) − x[label] − log(max p), which is exact as logSoftmax is
    // (max p ≥ 1/V never underflows). Chosen in-graph: a sync read back would stall the GPU and
    // cannot work at all on webgpu in Node.
    const exact = tf.sub(tf.sub(tf.max(x, 1), tf.gatherND(x, at)), tf.log(tf.max(probs, 1)));
    const nll = tf.where(tf.greater(picked, 1e-30), tf.neg(tf.log(picked)), exact) as tf.Tensor1D;
    save([probs, at]);
    return {
      value: tf.mean(nll),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sp, sat] = saved;
        const scale = tf.div(dy, n);
        const scaled = tf.mul(sp, scale);
        const grad = tf.tensorScatterUpdate(scaled, sat, tf.sub(tf.gatherND(scaled, sat), scale));
        return [grad, tf.zeros([n], "int32")];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return ce(logits, labels) as tf.Scalar;
}

/**
 * Dropout as nn.Dropout in training: zero with probability `rate`, scale the rest by 1/(1−rate).
 * On webgpu the mask is hashed on the GPU (backend/webgpu-dropout.ts): tf.dropout would draw it
 * in JavaScript and upload it, seconds a step at DistilRoBERTa size.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (!(rate > 0)) return x;
  return hasGpuDropout() ? gpuDropout(x, rate, seed) : (tf.dropout(x, rate, undefined, seed) as T);
}
