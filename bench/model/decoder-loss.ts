// The tied decoder's cross-entropy at the tiny/DistilRoBERTa LM head's size (N = 174 labelled rows,
// V = 50,265) on the wasm backend: the blockwise onnxruntime operation (backend/native-decoder-loss.ts)
// against linear() then crossEntropy() (products on onnxruntime, softmax and the rest on wasm),
// forward and backward, timed alternately in one process; and the largest difference in loss and dW.
// Usage: node --import tsx bench/model/decoder-loss.ts [hidden=128] [rounds=5]
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { useNativeDecoderLoss } from "../../src/engine/backend/native-decoder-loss";
import { decoderCrossEntropy } from "../../src/engine/models/ops";

await ready();
const h = Number(process.argv[2] ?? 128);
const rounds = Number(process.argv[3] ?? 5);
const n = 174;
const v = 50265;
const y = tf.randomNormal([n, h], 0, 1, "float32", 1) as tf.Tensor2D;
const w = tf.randomNormal([v, h], 0, 0.05, "float32", 2) as tf.Tensor2D;
const b = tf.zeros([v]) as tf.Tensor1D;
const labels = tf.tensor1d(Array.from({ length: n }, (_, i) => (i * 7919) % v), "int32");
const f = (yi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor): tf.Scalar => decoderCrossEntropy(yi as tf.Tensor2D, wi as tf.Tensor2D, bi as tf.Tensor1D, labels);

/** ms of the forward alone and of forward + backward, and the loss and dW. */
function measure(): { forward: number; both: number; loss: number; dw: tf.Tensor } {
  let t0 = performance.now();
  const loss = f(y, w, b);
  const value = loss.dataSync()[0];
  const forward = performance.now() - t0;
  loss.dispose();
  t0 = performance.now();
  const grads = tf.grads(f)([y, w, b]);
  grads[1].dataSync();
  const both = performance.now() - t0;
  tf.dispose([grads[0], grads[2]]);
  return { forward, both, loss: value, dw: grads[1] };
}

const runs: Record<"blockwise" | "separate", { forward: number[]; both: number[] }> = { blockwise: { forward: [], both: [] }, separate: { forward: [], both: [] } };
let last: Record<string, { loss: number; dw: tf.Tensor }> = {};
for (let i = 0; i <= rounds; i++) {
  for (const path of ["blockwise", "separate"] as const) {
    useNativeDecoderLoss(path === "blockwise");
    const r = measure();
    last[path]?.dw.dispose();
    last = { ...last, [path]: r };
    // Round 0 warms up (heap growth, graph loading).
    if (i > 0) {
      runs[path].forward.push(r.forward);
      runs[path].both.push(r.both);
    }
  }
}
const median = (a: number[]): number => [...a].sort((x, z) => x - z)[Math.floor(a.length / 2)];
const dwDiff = tf.max(tf.abs(tf.sub(last.blockwise.dw, last.separate.dw))).dataSync()[0];
console.log(
  JSON.stringify({
    hidden: h,
    rows: n,
    vocab: v,
    rounds,
    blockwise: { forwardMs: Math.round(median(runs.blockwise.forward)), forwardBackwardMs: Math.round(median(runs.blockwise.both)) },
    separate: { forwardMs: Math.round(median(runs.separate.forward)), forwardBackwardMs: Math.round(median(runs.separate.both)) },
    lossDiff: Math.abs(last.blockwise.loss - last.separate.loss),
    maxDwDiff: dwDiff,
  }),
);
