// torch.optim.AdamW's update (single-tensor path, each op rounded to float32 in torch's order)
// as one onnxruntime graph, run in place over a parameter in cache-sized chunks: vectorised and
// threaded, where the JavaScript loop of fused-adamw.ts does one scalar element at a time.
import type { AdamWHyper } from "./fused-adamw";
import { onnxModel, type OnnxNode } from "./onnx-graph";
import { loadOrtNative, type NativeGraph, runChunked } from "./ort-native";

const SCALARS = ["decay", "b1", "omb1", "b2", "omb2", "bc2", "eps", "nss", "gscale"] as const;

// g.mul_(clip coefficient); param.mul_(1 − lr·wd); m.mul_(β1).add_(g, 1 − β1); v.mul_(β2).addcmul_(g, g, 1 − β2);
// denom = (v.sqrt() / √bc2).add_(eps); param.addcdiv_(m, denom, −lr/bc1).
const NODES: OnnxNode[] = [
  ["Mul", ["g", "gscale"], "gs"],
  ["Mul", ["p", "decay"], "pd"],
  ["Mul", ["m", "b1"], "m1"],
  ["Mul", ["gs", "omb1"], "g1"],
  ["Add", ["m1", "g1"], "m_out"],
  ["Mul", ["gs", "gs"], "gg"],
  ["Mul", ["gg", "omb2"], "gg2"],
  ["Mul", ["v", "b2"], "v1"],
  ["Add", ["v1", "gg2"], "v_out"],
  ["Sqrt", ["v_out"], "s"],
  ["Div", ["s", "bc2"], "s2"],
  ["Add", ["s2", "eps"], "den"],
  ["Div", ["m_out", "den"], "r"],
  ["Mul", ["r", "nss"], "u"],
  ["Add", ["pd", "u"], "p_out"],
].map(([op, inputs, output]) => ({ op: op as string, inputs: inputs as string[], outputs: [output as string] }));

let graph: NativeGraph | null = null;

/** Loads the update graph once; throws with the reason onnxruntime-node is unavailable. */
export function loadNativeAdamW(): (p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, h: AdamWHyper) => void {
  graph ??= loadOrtNative().load(onnxModel(NODES, ["p", "g", "m", "v", ...SCALARS], ["p_out", "m_out", "v_out"]));
  const run = graph;
  return (p, g, m, v, h) => {
    // The scalars as torch makes them: Python floats, cast to float32 when an op meets the tensor.
    const values: Record<(typeof SCALARS)[number], number> = {
      decay: 1 - h.lr * h.weightDecay,
      b1: h.beta1,
      omb1: 1 - h.beta1,
      b2: h.beta2,
      omb2: 1 - h.beta2,
      bc2: Math.sqrt(1 - h.beta2 ** h.step),
      eps: h.eps,
      nss: -h.lr / (1 - h.beta1 ** h.step),
      gscale: h.gradScale ?? 1,
    };
    // Outputs alias their inputs: each input is read by an op that the write depends on.
    runChunked(run, { p, g, m, v }, values, { p_out: p, m_out: m, v_out: v });
  };
}
