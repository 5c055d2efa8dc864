// Gradient clipping (torch.nn.utils.clip_grad_norm_, max norm 1) over gradients shaped as the tiny
// model's and DistilRoBERTa's, as the Trainer runs it (the norm pass on onnxruntime where loaded).
// Usage: node --import tsx bench/model/grad-norm.ts   (MLM_NOTEBOOK_NATIVE_MATMUL=0: wasm alone)
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { clipGradNorm } from "../../src/engine/training/clip";
await ready();
for (const [name, shapes] of [["tiny", [[50265, 128], [512, 128], [128, 512], [512, 128], [128, 512], ...Array(8).fill([128, 128]), ...Array(20).fill([128])]], ["distil", [[50265, 768], ...Array(6).fill([[3072, 768], [768, 3072], [768, 768], [768, 768], [768, 768], [768, 768]]).flat(), ...Array(60).fill([768])]]] as const) {
  for (let r = 0; r < 3; r++) {
    const grads = new Map<string, tf.Tensor>(shapes.map((s, i) => [`g${i}`, tf.randomNormal(s as number[], 0, 1, "float32", i)]));
    const t0 = performance.now();
    await clipGradNorm(grads, 1);
    console.log(name, (performance.now() - t0).toFixed(1), "ms");
    tf.dispose([...grads.values()]);
  }
}
