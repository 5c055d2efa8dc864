// Self-attention (scores, padding mask, softmax, dropout, context) as one onnxruntime call each way
// for the wasm backend. On tf ops it was ~10 kernels forward and ~20 backward per layer (head
// transposes, batched products, scale, mask, softmax, dropout), each paying tfjs's dispatch and
// wasm's one thread.
// The graphs take q, k, v [B·S, H] as the linear layers give them, fed with the shape
// [B, S, nh, hd] (the same memory), so they need no Reshape (whose shape would be an int64 input)
// and are shape-free: one graph per head size and variant (mask yes/no × dropout yes/no), loaded
// once. The 1/√hd scale is FusedMatMul's alpha, inside the products, not a pass over [B, nh, S, S].
// Forward, as HF's eager attention: scores = q·kᵀ / √hd (+ mask), P = softmax(scores),
// ctx = P'·v with P' = P·dropoutMask (the forward also outputs P and P' for the backward, which
// then needs no mask). Backward: dv = P'ᵀ·dctx, dP' = dctx·vᵀ, dS = (P'·dP' − P·rowsum(dP·P)) / √hd
// (P·dP = P'·dP'), dq = dS·k, dk = dSᵀ·q; rowsum(dP·P) = Σ_j (dctx·vᵀ)_ij·P'_ij = dctx_i·ctx_i (as
// FlashAttention's backward has it), summed over hd as a product with ones [hd, 1] (ReduceSum
// takes its axes as an int64 input from opset 13).
import * as tf from "@tensorflow/tfjs";
import { onHeapOnnxCanRead } from "./graph-pair";
import type { WasmBackend } from "./wasm-backend";
import { onnxModel, type OnnxNode } from "./onnx-graph";
import { loadOrtNative, type NativeGraph } from "./ort-native";

export const ATTENTION_KERNEL = "MlmNotebookAttention";
export const ATTENTION_GRAD_KERNEL = "MlmNotebookAttentionGrad";

/** Attributes of both kernels: batch, sequence length, heads, head size. */
export interface AttentionDims {
  batch: number;
  seq: number;
  heads: number;
  headDim: number;
}

const node = (op: string, inputs: string[], output: string, attributes?: OnnxNode["attributes"]): OnnxNode => ({ op, inputs, outputs: [output], attributes });
/** [B, S, nh, hd] ↔ [B, nh, S, hd] (its own inverse). */
const SWAP_SEQ_HEADS = [0, 2, 1, 3];
/** onnxruntime's MatMul with a scale (alpha) and transposed operands read in place. */
const fusedMatMul = (a: string, b: string, output: string, attributes: OnnxNode["attributes"]): OnnxNode => ({ op: "FusedMatMul", inputs: [a, b], outputs: [output], attributes, domain: "com.microsoft" });

function forwardModel(headDim: number, masked: boolean, dropout: boolean): Uint8Array {
  const nodes = [
    node("Transpose", ["q"], "q4", { perm: SWAP_SEQ_HEADS }),
    node("Transpose", ["k"], "k4", { perm: SWAP_SEQ_HEADS }),
    node("Transpose", ["v"], "v4", { perm: SWAP_SEQ_HEADS }),
    // The scale inside the product (no pass over [B, nh, S, S]); as torch's q·kᵀ/√hd to the bit when √hd is a power of two (hd 4, 16, 64).
    fusedMatMul("q4", "k4", masked ? "scaled" : "scores", { transB: 1, alpha: { float: 1 / Math.sqrt(headDim) } }),
    ...(masked ? [node("Add", ["scaled", "mask"], "scores")] : []),
    node("Softmax", ["scores"], "probs", { axis: 3 }),
    ...(dropout ? [node("Mul", ["probs", "dropMask"], "dropped")] : []),
    node("MatMul", [dropout ? "dropped" : "probs", "v4"], "ctx4"),
    node("Transpose", ["ctx4"], "ctx", { perm: SWAP_SEQ_HEADS }),
  ];
  const inputs = ["q", "k", "v", ...(masked ? ["mask"] : []), ...(dropout ? ["dropMask"] : [])];
  return onnxModel(nodes, inputs, ["ctx", "probs", ...(dropout ? ["dropped"] : [])]);
}

function backwardModel(headDim: number, dropout: boolean): Uint8Array {
  const nodes = [
    node("Transpose", ["dctx"], "dc4", { perm: SWAP_SEQ_HEADS }),
    node("Transpose", ["q"], "q4", { perm: SWAP_SEQ_HEADS }),
    node("Transpose", ["k"], "k4", { perm: SWAP_SEQ_HEADS }),
    node("Transpose", ["v"], "v4", { perm: SWAP_SEQ_HEADS }),
    fusedMatMul(dropout ? "dropped" : "probs", "dc4", "dv4", { transA: 1 }),
    node("Transpose", ["dv4"], "dv", { perm: SWAP_SEQ_HEADS }),
    fusedMatMul("dc4", "v4", dropout ? "dDropped" : "dProbs", { transB: 1 }),
    // rowsum(dP·P) = dctx·ctx per row and head: a pass over [B, S, nh, hd], not [B, nh, S, S].
    node("Mul", ["dctx", "ctx"], "dcc"),
    node("MatMul", ["dcc", "ones"], "rowSumBshn"),
    node("Transpose", ["rowSumBshn"], "rowSum", { perm: SWAP_SEQ_HEADS }),
    // With dropout P·dP = P'·dP' (P' = P·M, dP = dP'·M): three passes over [B, nh, S, S], no mask.
    ...(dropout
      ? [node("Mul", ["dropped", "dDropped"], "pdp"), node("Mul", ["probs", "rowSum"], "pr"), node("Sub", ["pdp", "pr"], "dScaled")]
      : [node("Sub", ["dProbs", "rowSum"], "centred"), node("Mul", ["centred", "probs"], "dScaled")]),
    // dScores = dScaled/√hd, the scale inside the products.
    fusedMatMul("dScaled", "k4", "dq4", { alpha: { float: 1 / Math.sqrt(headDim) } }),
    node("Transpose", ["dq4"], "dq", { perm: SWAP_SEQ_HEADS }),
    fusedMatMul("dScaled", "q4", "dk4", { transA: 1, alpha: { float: 1 / Math.sqrt(headDim) } }),
    node("Transpose", ["dk4"], "dk", { perm: SWAP_SEQ_HEADS }),
  ];
  const inputs = ["dctx", "q", "k", "v", "ctx", "probs", "ones", ...(dropout ? ["dropped"] : [])];
  return onnxModel(nodes, inputs, ["dq", "dk", "dv"]);
}

let on = false;
/** Sessions by variant ("forward 64 masked dropout"), loaded at first use: the scale is a constant of the graph. */
const sessions = new Map<string, NativeGraph>();

/** Turns the kernels on (throws why not when onnxruntime-node cannot load), or off with false. */
export function useNativeAttention(enable: boolean): void {
  if (enable) loadOrtNative();
  on = enable;
}

function session(key: string, model: () => Uint8Array): NativeGraph {
  let graph = sessions.get(key);
  if (!graph) sessions.set(key, (graph = loadOrtNative().load(model())));
  return graph;
}

/** Whether the attention kernels can run now: on wasm, switched on, with an unshared heap. */
export function hasNativeAttention(): boolean {
  return on && onHeapOnnxCanRead();
}

type KernelParams = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

const dimsOf = (attrs: tf.NamedAttrMap | undefined): AttentionDims => attrs as unknown as AttentionDims;

/** A column of ones for the row sums over a head, grown to the largest head size seen. */
let ones = new Float32Array(0);

/**
 * Forward: inputs q, k, v [B·S, H], optionally mask [B, 1, 1, S] (additive) and dropMask
 * [B, nh, S, S] (already scaled by 1/(1 − p)); outputs ctx [B·S, H] and probs [B, nh, S, S]
 * before dropout, which the backward needs.
 */
function forward({ inputs, backend, attrs }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const { batch: B, seq: S, heads: nh, headDim: hd } = dimsOf(attrs);
  const { q, k, v, mask, dropMask } = inputs as Record<string, tf.TensorInfo | undefined>;
  const masked = mask !== undefined;
  const dropout = dropMask !== undefined;
  const square = [B, nh, S, S];
  // Allocate first: a heap that grows invalidates views taken before.
  const outs = [be.makeOutput([B * S, nh * hd], "float32"), ...(dropout ? [square, square] : [square]).map((shape) => be.makeOutput(shape, "float32"))];
  const view = (t: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(t) as Float32Array;
  const rows = [B, S, nh, hd];
  session(`forward ${hd}${masked ? " masked" : ""}${dropout ? " dropout" : ""}`, () => forwardModel(hd, masked, dropout))(
    {
      q: [view(q!), rows],
      k: [view(k!), rows],
      v: [view(v!), rows],
      ...(mask ? { mask: [view(mask), [B, 1, 1, S]] } : {}),
      ...(dropMask ? { dropMask: [view(dropMask), square] } : {}),
    },
    { ctx: [view(outs[0]), rows], probs: [view(outs[1]), square], ...(dropout ? { dropped: [view(outs[2]), square] } : {}) },
  );
  return outs;
}

/** Backward: inputs dctx [B·S, H], q, k, v, ctx, probs and with dropout dropped, as the forward's; outputs dq, dk, dv [B·S, H]. */
function backward({ inputs, backend, attrs }: KernelParams): tf.TensorInfo[] {
  const be = backend as WasmBackend;
  const { batch: B, seq: S, heads: nh, headDim: hd } = dimsOf(attrs);
  const { dctx, q, k, v, ctx, probs, dropped } = inputs as Record<string, tf.TensorInfo | undefined>;
  const outs = [0, 1, 2].map(() => be.makeOutput([B * S, nh * hd], "float32"));
  const view = (t: tf.TensorInfo): Float32Array => be.typedArrayFromHeap(t) as Float32Array;
  if (ones.length < hd) ones = new Float32Array(hd).fill(1);
  const rows = [B, S, nh, hd];
  const [dq, dk, dv] = outs.map((t) => [view(t), rows] as [Float32Array, number[]]);
  const dropout = dropped !== undefined;
  session(`backward ${hd}${dropout ? " dropout" : ""}`, () => backwardModel(hd, dropout))(
    {
      dctx: [view(dctx!), rows],
      q: [view(q!), rows],
      k: [view(k!), rows],
      v: [view(v!), rows],
      ctx: [view(ctx!), rows],
      probs: [view(probs!), [B, nh, S, S]],
      ones: [ones.subarray(0, hd), [hd, 1]],
      ...(dropped ? { dropped: [view(dropped), [B, nh, S, S]] } : {}),
    },
    { dq, dk, dv },
  );
  return outs;
}

/** The two kernels on wasm (kernels.ts installs them with the backend's other kernels). */
export function registerAttentionKernels(): void {
  tf.registerKernel({ kernelName: ATTENTION_KERNEL, backendName: "wasm", kernelFunc: forward as unknown as tf.KernelFunc });
  tf.registerKernel({ kernelName: ATTENTION_GRAD_KERNEL, backendName: "wasm", kernelFunc: backward as unknown as tf.KernelFunc });
}
