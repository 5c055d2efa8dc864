// Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: the L2 norm of all
// gradients together, each scaled by min(1, maxNorm / (norm + 1e-6)).
import * as tf from "@tensorflow/tfjs";
import { nativeSumOfSquares } from "../backend/native-sum-of-squares";

/**
 * Clips in place (replaces each map entry, disposing the old tensor) and returns the norm
 * measured before clipping: the grad_norm HF logs.
 */
export async function clipGradNorm(grads: Map<string, tf.Tensor>, maxNorm: number): Promise<number> {
  const totalNorm = await globalNorm(grads);
  // torch multiplies by the clamped coefficient even when it is 1; scaling by 1 is exact, so skip it.
  const coef = clipCoefficient(totalNorm, maxNorm);
  if (coef < 1) {
    for (const [name, g] of grads) {
      grads.set(name, tf.tidy(() => g.mul(coef)));
      g.dispose();
    }
  }
  return totalNorm;
}

/**
 * clip_grad_norm_'s clip_coef_clamped for a measured norm: what each gradient is multiplied by.
 * 1 when maxNorm ≤ 0 (HF's Trainer then does not clip). AdamW.step takes it as its gradScale,
 * which saves clipping's own pass over every gradient.
 */
export function clipCoefficient(norm: number, maxNorm: number): number {
  return maxNorm <= 0 ? 1 : Math.min(1, maxNorm / (norm + 1e-6));
}

// Read back with data(), not dataSync(): the webgpu backend cannot read synchronously in Node.
export async function globalNorm(grads: Map<string, tf.Tensor>): Promise<number> {
  let onHost = 0;
  const rest: tf.Tensor[] = [];
  for (const g of grads.values()) {
    const s = nativeSumOfSquares(g);
    if (s === null) rest.push(g);
    else onHost += s;
  }
  if (rest.length === 0) return Math.sqrt(onHost);
  const squares = tf.tidy(() => tf.addN(rest.map((g) => g.square().sum())));
  const total = Math.sqrt(onHost + (await squares.data())[0]);
  squares.dispose();
  return total;
}
