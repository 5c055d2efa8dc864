// The tied decoder and its cross-entropy as one operation on onnxruntime, for training on wasm:
// loss = mean over rows r of −log softmax(y·Wᵀ + b)[r, label_r], with W the [V, H] word embeddings.
// Separately (linear, then crossEntropy) the [N, V] logits went through memory seven times (the
// product, the bias, softmax, the label pick, the scale, two gradient products), the elementwise
// passes on wasm's one thread. Here the vocabulary is cut into blocks of BLOCK words that stay in
// cache: per block one graph does the product, bias, row max and exp (forward), and one the scale
// and the three gradient products (backward). At N = 174, V = 50,265 (bench/model/decoder-loss.ts,
// RESULTS "Model"): hidden 128 forward 24 vs 40 ms, forward + backward 80 vs 93 ms against the
// separate path; hidden 768 98 vs 116 and 375 vs 415 ms.
//
// Forward, per block j of columns: e_j = exp(l_j − m_j), m_j the row max of the block's logits l_j,
// s_j = Σ e_j over the block; then per row lse = log Σ_j s_j·exp(m_j) (in float64, max-shifted).
// Backward, with k = dLoss/N: softmax = e_j·exp(m_j − lse), so dlogits_j = e_j·c_j − k·onehot with
// c_j = k·exp(m_j − lse). The graph takes g_j = e_j·c_j into dy += g_j·W_j, dW_j = g_jᵀ·y and
// db_j = 1ᵀ·g_j; the N one-hot terms are subtracted afterwards on the host (N rows of H).
import * as tf from "@tensorflow/tfjs";
import type { WasmBackend } from "./wasm-backend";
import { onnxModel } from "./onnx-graph";
import { GraphPair } from "./graph-pair";

export const DECODER_LOSS_KERNEL = "MlmNotebookDecoderLoss";
export const DECODER_LOSS_GRAD_KERNEL = "MlmNotebookDecoderLossGrad";

/** Vocabulary columns per block: [N, BLOCK] logits stay in cache (1,024-8,192 measured; 2,048 best). */
export const BLOCK = 2048;

const FORWARD = onnxModel(
  [
    { op: "Gemm", inputs: ["y", "w", "b"], outputs: ["l"], attributes: { transB: 1 } },
    { op: "ReduceMax", inputs: ["l"], outputs: ["m"], attributes: { axes: [1] } },
    { op: "Sub", inputs: ["l", "m"], outputs: ["z"] },
    { op: "Exp", inputs: ["z"], outputs: ["e"] },
    { op: "MatMul", inputs: ["e", "ones"], outputs: ["s"] },
  ],
  ["y", "w", "b", "ones"],
  ["e", "m", "s"],
);
const BACKWARD = onnxModel(
  [
    { op: "Mul", inputs: ["e", "c"], outputs: ["g"] },
    { op: "Gemm", inputs: ["g", "w", "dyin"], outputs: ["dy"] },
    { op: "Gemm", inputs: ["g", "y"], outputs: ["dw"], attributes: { transA: 1 } },
    { op: "MatMul", inputs: ["ones", "g"], outputs: ["db"] },
  ],
  ["e", "c", "w", "y", "dyin", "ones"],
  ["dy", "dw", "db"],
);

const graphs = new GraphPair(FORWARD, BACKWARD);

/** Loads the graphs (throws why not), or turns them off with false. */
export function useNativeDecoderLoss(on: boolean): void {
  graphs.use(on);
}

/** Whether the kernels can run now: on wasm, with the graphs loaded and an unshared heap. */
export function hasNativeDecoderLoss(): boolean {
  return graphs.ready();
}

const blocks = (v: number): number => Math.ceil(v / BLOCK);

/** The block graphs' slices: block j covers columns [start, start + width) and its e is [N, width] at N·start. */
function* eachBlock(v: number): Generator<{ j: number; start: number; width: number }> {
  for (let j = 0, start = 0; start < v; j++, start += BLOCK) yield { j, start, width: Math.min(BLOCK, v - start) };
}

type KernelParams = { inputs: tf.NamedTensorInfoMap; backend: unknown };

function checkLabels(labels: Int32Array, v: number): void {
  const bad = labels.findIndex((t) => t < 0 || t >= v);
  if (bad >= 0) throw new Error(`label ${labels[bad]} at row ${bad} is outside the vocabulary [0, ${v})`);
}

/**
 * Forward: inputs y [N, H], w [V, H], b [V], labels int32 [N]; outputs the mean loss [], e [N·V]
 * (block j's [N, width] at N·start), the block maxima m [blocks, N] and lse [N], all float32.
 */
function forward({ inputs, backend }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const [y, w, b, labels] = ["y", "w", "b", "labels"].map((k) => inputs[k] as tf.TensorInfo);
  const [n, h] = y.shape;
  const v = w.shape[0];
  const nb = blocks(v);
  // Allocate first: a heap that grows invalidates views taken before.
  const outs = [be.makeOutput([], "float32"), be.makeOutput([n * v], "float32"), be.makeOutput([nb, n], "float32"), be.makeOutput([n], "float32")];
  const view = (t: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(t) as Float32Array;
  const [yv, wv, bv, e, m, lse] = [y, w, b, ...outs.slice(1)].map(view);
  const ids = be.typedArrayFromHeap(labels) as Int32Array;
  checkLabels(ids, v);
  const sums = new Float32Array(nb * n);
  const ones = new Float32Array(BLOCK).fill(1);
  for (const { j, start, width } of eachBlock(v)) {
    graphs.forward(
      { y: [yv, [n, h]], w: [wv.subarray(start * h, (start + width) * h), [width, h]], b: [bv.subarray(start, start + width), [width]], ones: [ones.subarray(0, width), [width, 1]] },
      { e: [e.subarray(start * n, (start + width) * n), [n, width]], m: [m.subarray(j * n, (j + 1) * n), [n, 1]], s: [sums.subarray(j * n, (j + 1) * n), [n, 1]] },
    );
  }
  let total = 0;
  for (let r = 0; r < n; r++) {
    let top = -Infinity;
    for (let j = 0; j < nb; j++) top = Math.max(top, m[j * n + r]);
    let s = 0;
    for (let j = 0; j < nb; j++) s += sums[j * n + r] * Math.exp(m[j * n + r] - top);
    const logSumExp = top + Math.log(s);
    lse[r] = logSumExp;
    // The label's logit, y[r]·W[t] + b[t], recomputed (H products) rather than read back from e.
    const t = ids[r];
    let logit = bv[t];
    for (let k = 0; k < h; k++) logit += yv[r * h + k] * wv[t * h + k];
    total += logSumExp - logit;
  }
  view(outs[0])[0] = total / n;
  return outs;
}

/** Backward: inputs dy [], y, w, labels, e, m, lse (as forward made them); outputs dY [N, H], dW [V, H], db [V]. */
function backward({ inputs, backend }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const [dy, y, w, labels, e, m, lse] = ["dy", "y", "w", "labels", "e", "m", "lse"].map((k) => inputs[k] as tf.TensorInfo);
  const [n, h] = y.shape;
  const v = w.shape[0];
  const outs = [be.makeOutput([n, h], "float32"), be.makeOutput([v, h], "float32"), be.makeOutput([v], "float32")];
  const view = (t: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(t) as Float32Array;
  const [k0, yv, wv, ev, mv, lsev, dY, dW, db] = [dy, y, w, e, m, lse, ...outs].map(view);
  const ids = be.typedArrayFromHeap(labels) as Int32Array;
  const k = Math.fround(k0[0] / n);
  const c = Float32Array.from(mv, (mj, i) => k * Math.exp(mj - lsev[i % n]));
  const ones = new Float32Array(n).fill(1);
  // dy accumulates over blocks through Gemm's C, alternating two buffers so the last lands in dY.
  const spare: Float32Array = new Float32Array(n * h);
  let from: Float32Array = new Float32Array(n * h);
  let to: Float32Array = blocks(v) % 2 === 1 ? dY : spare;
  for (const { j, start, width } of eachBlock(v)) {
    graphs.backward(
      { e: [ev.subarray(start * n, (start + width) * n), [n, width]], c: [c.subarray(j * n, (j + 1) * n), [n, 1]], w: [wv.subarray(start * h, (start + width) * h), [width, h]], y: [yv, [n, h]], dyin: [from, [n, h]], ones: [ones, [1, n]] },
      { dy: [to, [n, h]], dw: [dW.subarray(start * h, (start + width) * h), [width, h]], db: [db.subarray(start, start + width), [1, width]] },
    );
    [from, to] = [to, to === dY ? spare : dY];
  }
  // The one-hot part of dlogits: −k at (r, label_r).
  for (let r = 0; r < n; r++) {
    const t = ids[r];
    for (let i = 0; i < h; i++) {
      dY[r * h + i] -= k * wv[t * h + i];
      dW[t * h + i] -= k * yv[r * h + i];
    }
    db[t] -= k;
  }
  return outs;
}

/** The two kernels on wasm (kernels.ts installs them with the backend's other kernels). */
export function registerDecoderLossKernels(): void {
  tf.registerKernel({ kernelName: DECODER_LOSS_KERNEL, backendName: "wasm", kernelFunc: forward as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: DECODER_LOSS_GRAD_KERNEL, backendName: "wasm", kernelFunc: backward as unknown as tf.KernelFunc });
}
