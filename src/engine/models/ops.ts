// The building blocks of RoBERTa in tfjs, each matching its PyTorch counterpart in
// transformers' modeling_roberta.py (nn.Linear, nn.LayerNorm, exact GELU, nn.Embedding with
// padding_idx, CrossEntropyLoss with ignore_index=-100).
import * as tf from "@tensorflow/tfjs";
import { refCount, writableBuffer } from "../backend/host-buffers";
import { ATTENTION_GRAD_KERNEL, ATTENTION_KERNEL, type AttentionDims, hasNativeAttention } from "../backend/native-attention";
import { DECODER_LOSS_GRAD_KERNEL, DECODER_LOSS_KERNEL, hasNativeDecoderLoss } from "../backend/native-decoder-loss";
import { GELU_GRAD_KERNEL, GELU_KERNEL, hasNativeGelu } from "../backend/native-gelu";
import { hasNativeLinear, LINEAR_GRAD_KERNEL, LINEAR_KERNEL } from "../backend/native-linear";
import { hasNativeLayerNorm, LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from "../backend/native-layer-norm";
import { gpuDropout, hasGpuDropout } from "../backend/webgpu-dropout";
import { gatherRows } from "./gather-rows";
import { hasHostDropout, hostDropout, hostDropoutMask } from "./hashed-dropout";

type CustomGradFunc = Parameters<typeof tf.customGrad>[0];

/**
 * Sums of the rows of g [N, C] → [C], as one product ones[1, N]·g: a product runs on the fast
 * matrix path, where tfjs-wasm's Sum over axis 0 first transposes (15× slower at [174, 50265]).
 */
export function columnSums(g: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
}

/** x [N, C] + row [C], its gradient for the row a column sum as a product (as in linear). */
export function addRow(x: tf.Tensor2D, row: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad(((input: tf.Tensor, r: tf.Tensor) => ({
    value: tf.add(input, r),
    gradFunc: (dy: tf.Tensor) => [dy, columnSums(dy as tf.Tensor2D)],
  })) as unknown as CustomGradFunc);
  return op(x, row) as tf.Tensor2D;
}

/**
 * nn.Linear: x [N, in] · Wᵀ + b, with W stored as PyTorch does, [out, in]. The gradient is
 * autodiff's (dx = dy·W, dW = dyᵀ·x) except the bias's, a column sum as a product.
 */
export function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  // On wasm with onnxruntime: one native call each way (backend/native-linear.ts).
  if (hasNativeLinear(weight)) {
    const native = tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      save([input, w]);
      return {
        value: tf.engine().runKernel(LINEAR_KERNEL, { x: input, w, b }) as tf.Tensor,
        gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => tf.engine().runKernel(LINEAR_GRAD_KERNEL, { dy, x: sx, w: sw }) as tf.Tensor[],
      };
    }) as unknown as CustomGradFunc);
    return native(x, weight, bias) as tf.Tensor2D;
  }
  const op = tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    save([input, w]);
    return {
      value: tf.add(tf.matMul(input as tf.Tensor2D, w as tf.Tensor2D, false, true), b),
      gradFunc: (dy: tf.Tensor, [sx, sw]: tf.Tensor[]) => {
        const g = dy as tf.Tensor2D;
        return [tf.matMul(g, sw as tf.Tensor2D), tf.matMul(g, sx as tf.Tensor2D, true, false), columnSums(g)];
      },
    };
  }) as unknown as CustomGradFunc);
  return op(x, weight, bias) as tf.Tensor2D;
}

/**
 * nn.LayerNorm over the last axis (biased variance, eps inside the square root), with the
 * gradient written out as PyTorch's kernel computes it: for x̂ = (x − μ)/σ and g = dy·γ,
 * dx = (g − mean(g) − x̂·mean(g·x̂))/σ, dγ = Σ dy·x̂, dβ = Σ dy, with the sums over rows as
 * products. Autodiff of the forward ran over twice the kernels, its row sums as tfjs-wasm's Sum
 * over axis 0 (a transpose, then a reduction): forward and backward at [1024, 128] took 5.1 ms
 * on wasm, this 1.6 ms.
 */
export function layerNorm(x: tf.Tensor2D, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor2D {
  // On wasm with onnxruntime: the same formulas as one native call each way (backend/native-layer-norm.ts).
  const native = hasNativeLayerNorm(eps);
  const op = tf.customGrad(((input: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    if (native) {
      const [value, mean, rstd] = tf.engine().runKernel(LAYER_NORM_KERNEL, { x: input, w, b }) as tf.Tensor[];
      save([input, mean, rstd, w]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, [sx, smean, srstd, sw]: tf.Tensor[]) => tf.engine().runKernel(LAYER_NORM_GRAD_KERNEL, { dy, x: sx, mean: smean, rstd: srstd, w: sw }) as tf.Tensor[],
      };
    }
    const centred = tf.sub(input, tf.mean(input, -1, true));
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
    const xhat = tf.mul(centred, rstd);
    save([xhat, rstd, w]);
    return {
      value: tf.add(tf.mul(xhat, w), b),
      gradFunc: (dy: tf.Tensor, [sxhat, srstd, sw]: tf.Tensor[]) => {
        const g = tf.mul(dy, sw);
        const dx = tf.mul(tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(sxhat, tf.mean(tf.mul(g, sxhat), -1, true))), srstd);
        return [dx, columnSums(tf.mul(dy, sxhat) as tf.Tensor2D), columnSums(dy as tf.Tensor2D)];
      },
    };
  }) as unknown as CustomGradFunc);
  return op(x, weight, bias) as tf.Tensor2D;
}

/**
 * GELU with the exact erf form (transformers' "gelu"), not the tanh approximation. The gradient
 * Φ(x) + x·φ(x) is written out: autodiff through erf would add a dozen passes and a slow exp.
 */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  // On wasm with onnxruntime: one native call each way (backend/native-gelu.ts).
  const native = hasNativeGelu();
  const g = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    if (native) {
      const value = tf.engine().runKernel(GELU_KERNEL, { x: input }) as tf.Tensor;
      save([input]);
      return { value, gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => tf.engine().runKernel(GELU_GRAD_KERNEL, { dy, x: sx }) as tf.Tensor };
    }
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
  }) as unknown as CustomGradFunc);
  return g(x) as tf.Tensor2D;
}

/**
 * nn.Embedding lookup with padding_idx semantics: rows looked up at padding positions get no
 * gradient (`keep` is 1 where a row learns, 0 at padding). The gradient is one segment sum
 * into the table (tf.gather's own gradient would also be a segment sum, but without `keep`).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D, keep: tf.Tensor2D, tied?: TiedTableGradient): tf.Tensor2D {
  const lookup = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, k: tf.Tensor, save: tf.GradSaveFunc) => {
    save([i, k]);
    return {
      value: gatherRows(t as tf.Tensor2D, i as tf.Tensor1D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [si, sk] = saved;
        const rows = tf.mul(dy, sk) as tf.Tensor2D;
        const decoderPart = tied?.take() ?? null;
        const table = decoderPart ? addRowsInPlace(decoderPart, rows, si as tf.Tensor1D) : null;
        const summed = table ?? tf.unsortedSegmentSum(rows, si as tf.Tensor1D, t.shape[0]);
        return [decoderPart && !table ? tf.add(decoderPart, summed) : summed, tf.zerosLike(si), tf.zerosLike(sk)];
      },
    };
  }) as unknown as CustomGradFunc);
  return lookup(table, ids, keep) as tf.Tensor2D;
}

/**
 * The tied word-embedding table's gradient from the decoder, held for the table's lookup, whose
 * backward runs last: it adds its few rows into the decoder's [V, H] gradient in place, where
 * tfjs would sum two dense gradients (a segment sum from zeros, then an Add: ~4 ms a tiny step).
 * One per forward call.
 */
export class TiedTableGradient {
  private pending: tf.Tensor | null = null;

  hold(gradient: tf.Tensor): void {
    this.pending = gradient;
  }

  take(): tf.Tensor | null {
    const g = this.pending;
    this.pending = null;
    return g;
  }
}

/** table[ids[r]] += rows[r] in the table gradient's own buffer when this backend lets us (host, unshared); else null. */
function addRowsInPlace(table: tf.Tensor, rows: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor | null {
  // Read the ids first: a view of the wasm heap is lost if the heap grows.
  const idx = ids.dataSync();
  const t = refCount(table) === 1 ? writableBuffer(table) : null;
  const r = writableBuffer(rows);
  if (!t || !r) return null;
  const [n, h] = rows.shape;
  const v = table.shape[0];
  for (let i = 0; i < n; i++) {
    const id = idx[i];
    if (id < 0 || id >= v) continue;
    for (let k = 0; k < h; k++) t[id * h + k] += r[i * h + k];
  }
  return table;
}

/**
 * −log p[label] for rows whose p underflowed float32 (a logit gap over ~87): with m the row's
 * argmax, −log p[label] = x[m] − x[label] − log p[m], exact as logSoftmax is (p[m] ≥ 1/V never
 * underflows). One pass over [N, V] (the argmax).
 */
function underflowNll(x: tf.Tensor2D, probs: tf.Tensor2D, at: tf.Tensor2D): tf.Tensor1D {
  const atMax = tf.stack([tf.range(0, x.shape[0], 1, "int32"), tf.argMax(x, 1)], 1) as tf.Tensor2D;
  return tf.sub(tf.sub(tf.gatherND(x, atMax), tf.gatherND(x, at)), tf.log(tf.gatherND(probs, atMax))) as tf.Tensor1D;
}

/**
 * Mean cross-entropy of rows of logits [N, V] against labels [N] (all valid), with the gradient
 * written directly as (softmax − onehot)/N. V is 50,265, so passes over [N, V] dominate: one
 * softmax (XNNPACK's, several times faster on wasm than exp via logSoftmax) and one scale,
 * instead of autodiff's dozen. On the host the N label entries are read and patched in place
 * (a gather and a scatter over [N, V] cost ~2 and ~4 ms at N = 174); a GPU gathers and scatters.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const ce = tf.customGrad(((x: tf.Tensor, l: tf.Tensor, save: tf.GradSaveFunc) => {
    const [n, v] = x.shape as [number, number];
    const probs = tf.softmax(x as tf.Tensor2D);
    // On the host (wasm, cpu) probs' buffer is at hand and labels are read directly (a copy: a
    // view of wasm's heap would be detached by the time the gradient runs if the heap grew);
    // elsewhere (row, label) pairs serve gatherND.
    const p = writableBuffer(probs);
    const ids = p ? (l.dataSync() as Int32Array) : null;
    const at = (): tf.Tensor2D => tf.stack([tf.range(0, n, 1, "int32"), l as tf.Tensor1D], 1) as tf.Tensor2D;
    const gpuAt = ids ? null : at();
    const picked = p && ids ? tf.tensor1d(Float32Array.from(ids, (id, r) => p[r * v + id])) : (tf.gatherND(probs, gpuAt ?? at()) as tf.Tensor1D);
    // −log p is exact to float32 while p is a normal number. On the host the values are at hand,
    // and the underflow branch's pass runs only when a row needs it; on a GPU it is chosen
    // in-graph (a sync read would stall it, and cannot work at all on webgpu in Node).
    const normal = tf.greater(picked, 1e-30);
    const nll =
      ids && normal.dataSync().every((ok) => ok === 1)
        ? tf.neg(tf.log(picked))
        : tf.where(normal, tf.neg(tf.log(picked)), underflowNll(x as tf.Tensor2D, probs, gpuAt ?? at()));
    save(gpuAt ? [probs, gpuAt] : [probs]);
    return {
      value: tf.mean(nll),
      gradFunc: (dy: tf.Tensor, [sp, sat]: tf.Tensor[]) => {
        const scale = tf.div(dy, n);
        const scaled = tf.mul(sp, scale);
        const g = ids && refCount(scaled) === 1 ? writableBuffer(scaled) : null;
        if (!ids || !g) {
          const pairs = sat ?? at();
          return [tf.tensorScatterUpdate(scaled, pairs, tf.sub(tf.gatherND(scaled, pairs), scale)), tf.zeros([n], "int32")];
        }
        // scaled is ours alone: subtract the scale at each row's label, in float32 as tf.sub would.
        const s = scale.dataSync()[0];
        ids.forEach((id, r) => (g[r * v + id] = Math.fround(g[r * v + id] - s)));
        return [scaled, tf.zeros([n], "int32")];
      },
    };
  }) as unknown as CustomGradFunc);
  return ce(logits, labels) as tf.Scalar;
}

/**
 * crossEntropy(linear(y, weight, bias), labels) without the [N, V] logits as a result: on wasm
 * with onnxruntime one blockwise operation each way (backend/native-decoder-loss.ts), elsewhere
 * exactly those two ops.
 */
export function decoderCrossEntropy(y: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D, labels: tf.Tensor1D, tied?: TiedTableGradient): tf.Scalar {
  if (!hasNativeDecoderLoss()) return crossEntropy(linear(y, weight, bias), labels);
  // With `tied` the weight's gradient goes to the table's lookup (TiedTableGradient): the weight is
  // then not an input, and tfjs does not ask for it.
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [x, b, l, w = weight] = args as tf.Tensor[];
    const [loss, e, m, lse] = tf.engine().runKernel(DECODER_LOSS_KERNEL, { y: x, w, b, labels: l }) as tf.Tensor[];
    save([x, w, l, e, m, lse]);
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, [sy, sw, sl, se, sm, slse]: tf.Tensor[]) => {
        const [dx, dw, db] = tf.engine().runKernel(DECODER_LOSS_GRAD_KERNEL, { dy, y: sy, w: sw, labels: sl, e: se, m: sm, lse: slse }) as tf.Tensor[];
        tied?.hold(dw);
        return [dx, db, tf.zeros(sl.shape, "int32"), ...(tied ? [] : [dw])];
      },
    };
  }) as unknown as CustomGradFunc);
  return (tied ? op(y, bias, labels) : op(y, bias, labels, weight)) as tf.Scalar;
}

/**
 * Dropout as nn.Dropout in training: zero with probability `rate`, scale the rest by 1/(1−rate).
 * The mask is hashed from (seed, index), on the GPU (backend/webgpu-dropout.ts) or on the host
 * (hashed-dropout.ts), the same elements on either: tf.dropout would draw it in JavaScript (and
 * on webgpu upload it), seconds a step at DistilRoBERTa size. Other backends keep tf.dropout.
 */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (!(rate > 0)) return x;
  if (hasGpuDropout()) return gpuDropout(x, rate, seed);
  if (hasHostDropout()) return hostDropout(x, rate, seed);
  return tf.dropout(x, rate, undefined, seed) as T;
}

/**
 * Self-attention over q, k, v [B·S, H] as the linear layers give them → the context [B·S, H]:
 * softmax(q·kᵀ/√hd + mask)·v per head, HF's eager attention, with `maskAdd` [B, 1, 1, S] (0 where
 * attended, float32's lowest where padded) and, in training, dropout of the probabilities with
 * its seed. On wasm with onnxruntime one native call each way (backend/native-attention.ts),
 * with the dropout mask hostDropout would multiply by; elsewhere the tf ops.
 */
export function selfAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, maskAdd: tf.Tensor4D | null, dims: AttentionDims, drop: { rate: number; seed: number } | null): tf.Tensor2D {
  const { batch: B, seq: S, heads: nh, headDim: hd } = dims;
  const rate = drop?.rate ?? 0;
  if (hasNativeAttention() && rate < 1) {
    const attrs = { ...dims } as unknown as tf.NamedAttrMap;
    const op = tf.customGrad(((qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor, save: tf.GradSaveFunc) => {
      const dropMask = drop && rate > 0 ? hostDropoutMask([B, nh, S, S], rate, drop.seed) : null;
      const inputs: tf.NamedTensorMap = { q: qi, k: ki, v: vi, ...(maskAdd ? { mask: maskAdd } : {}), ...(dropMask ? { dropMask } : {}) };
      // probs before dropout, and with dropout the dropped probs (the mask itself is not needed again).
      const [ctx, ...probs] = tf.engine().runKernel(ATTENTION_KERNEL, inputs, attrs) as tf.Tensor[];
      save([qi, ki, vi, ctx, ...probs]);
      return {
        value: ctx,
        gradFunc: (dctx: tf.Tensor, [sq, sk, sv, sc, sp, sd]: tf.Tensor[]) =>
          tf.engine().runKernel(ATTENTION_GRAD_KERNEL, { dctx, q: sq, k: sk, v: sv, ctx: sc, probs: sp, ...(sd ? { dropped: sd } : {}) }, attrs) as tf.Tensor[],
      };
    }) as unknown as CustomGradFunc);
    return op(q, k, v) as tf.Tensor2D;
  }
  const heads = (x: tf.Tensor2D): tf.Tensor4D => tf.transpose(tf.reshape(x, [B, S, nh, hd]), [0, 2, 1, 3]);
  let scores = tf.div(tf.matMul(heads(q), heads(k), false, true), Math.sqrt(hd)) as tf.Tensor4D;
  if (maskAdd) scores = tf.add(scores, maskAdd);
  const probs = drop ? dropout(tf.softmax(scores), drop.rate, drop.seed) : tf.softmax(scores);
  return tf.reshape(tf.transpose(tf.matMul(probs, heads(v)), [0, 2, 1, 3]), [B * S, nh * hd]) as tf.Tensor2D;
}
