// Every parameter's gradient of a model's loss on one batch, by HF parameter name (as plain arrays).
import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, RobertaForMaskedLM } from "../../src/engine/models/index";

type Batch = Parameters<RobertaForMaskedLM["forward"]>[0];

export function gradsByName(model: RobertaForMaskedLM, batch: Batch, options: ForwardOptions = {}): Map<string, Float32Array> {
  const named = model.namedParameters();
  const { value, grads } = tf.variableGrads(() => model.forward(batch, options).loss!, [...named.values()]);
  const out = new Map<string, Float32Array>();
  for (const [name, v] of named) out.set(name, grads[v.name].dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}
