// The building blocks of RoBERTa in tfjs, each matching its PyTorch counterpart in
// transformers' modeling_roberta.py (nn.Linear, nn.LayerNorm, exact GELU, nn.Embedding with
// padding_idx, CrossEntropyLoss with ignore_index=-100).
import * as tf from "@tensorflow/tfjs";

/** nn.Linear: x [N, in] · Wᵀ + b, with W stored as PyTorch does, [out, in]. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.add(tf.matMul(x, weight, false, true), bias);
}

/** nn.LayerNorm over the last axis (biased variance, eps inside the square root). */
export function layerNorm(x: tf.Tensor2D, weight: tf.Tensor1D, bias: tf.Tensor1D, eps: number): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), weight), bias);
}

/** GELU with the exact erf form (transformers' "gelu"), not the tanh approximation. */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
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
 * Mean cross-entropy of rows of logits [N, V] against labels [N] (all valid). The gradient is
 * written directly as (softmax − onehot)/N: autodiff through logSoftmax and a gather would
 * build two more [N, V] tensors, and V is 50,265.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const ce = tf.customGrad(((x: tf.Tensor, l: tf.Tensor, save: tf.GradSaveFunc) => {
    const logp = tf.logSoftmax(x as tf.Tensor2D);
    save([logp, l]);
    const n = x.shape[0];
    const v = x.shape[1]!;
    const flat = tf.add(tf.mul(tf.range(0, n, 1, "int32"), tf.scalar(v, "int32")), l);
    const picked = tf.gather(tf.reshape(logp, [-1]), flat as tf.Tensor1D);
    return {
      value: tf.neg(tf.mean(picked)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sl, sLabels] = saved;
        const probs = tf.exp(sl);
        // oneHot's float32 output is broken on wasm (it writes int32 bits): cast instead.
        const target = tf.cast(tf.oneHot(sLabels as tf.Tensor1D, v), "float32");
        const grad = tf.mul(tf.sub(probs, target), tf.div(dy, n));
        return [grad, tf.zerosLike(sLabels)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return ce(logits, labels) as tf.Scalar;
}

/** Dropout as nn.Dropout in training: zero with probability `rate`, scale the rest by 1/(1−rate). */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  return rate > 0 ? (tf.dropout(x, rate, undefined, seed) as T) : x;
}
