// What the model benches share: the two configs, the deterministic batch the PyTorch script also
// builds, and AdamW (torch.optim.AdamW's settings) as the app applies it, in place per parameter.
import * as tf from "@tensorflow/tfjs";
import { adamwUpdateInPlace } from "../../src/engine/backend/index";
import { RobertaConfig } from "../../src/engine/models/index";
import { isNoDecayParameter } from "../../src/engine/training/index";

export function benchConfig(which: "tiny" | "distil"): RobertaConfig {
  const common = { vocabSize: 50265, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5 };
  return which === "tiny"
    ? new RobertaConfig({ ...common, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512 })
    : new RobertaConfig({ ...common, hiddenSize: 768, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 3072 });
}

/** Same batch as bench/model/train_step_torch.py: ids in [3, 50003), about 15% of positions labelled. */
export function benchBatch(batch: number, seq: number): { ids: number[][]; labels: number[][] } {
  // BigInt: the product exceeds 2^53, where doubles would drift from Python's exact integers.
  let state = 12345n;
  const rand = (): number => Number((state = (state * 1103515245n + 12345n) % 2147483648n)) / 2147483648;
  const ids = Array.from({ length: batch }, () => Array.from({ length: seq }, () => 3 + Math.floor(rand() * 50000)));
  const labels = ids.map((row) => row.map((t) => (rand() < 0.15 ? t : -100)));
  return { ids, labels };
}

/**
 * AdamW (lr 5e-5, weight decay 0.01 except biases and LayerNorm) over the parameters, one in-place
 * pass per parameter (src/engine/backend/fused-adamw.ts); returns the update for a gradient map.
 */
export function inPlaceAdamW(params: Map<string, tf.Variable>): (grads: Map<string, tf.Tensor>) => void {
  // tf.variable(t) shares t's buffer: dispose t so the variable alone owns it (in-place needs that).
  const own = (t: tf.Tensor): tf.Variable => {
    const v = tf.variable(t);
    t.dispose();
    return v;
  };
  const moments = new Map([...params].map(([name, v]) => [name, [own(tf.zeros(v.shape)), own(tf.zeros(v.shape))] as const]));
  let step = 0;
  return (grads) => {
    step++;
    for (const [name, p] of params) {
      const [m, v] = moments.get(name)!;
      const h = { lr: 5e-5, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: isNoDecayParameter(name) ? 0 : 0.01, step };
      if (!adamwUpdateInPlace(p, grads.get(name)!, m, v, h)) throw new Error(`in-place AdamW refused ${name}`);
    }
  };
}
