// Kernels that make training practical on the wasm and cpu backends.
// - BatchMatMul (wasm): tfjs-wasm reaches XNNPACK only for an untransposed, unbatched product;
//   everything else runs a scalar triple loop (~2 GFLOP/s against ~28-56). Every matmul
//   gradient transposes, and attention is batched, so we transpose explicitly first and split
//   batches into single XNNPACK products.
// - UnsortedSegmentSum (wasm: missing; cpu: loops once per segment, minutes for a vocabulary):
//   the gradient of gather, so of every embedding lookup. One pass over the rows instead.
// - Identity (wasm): tfjs clones every tensor it saves for the backward pass, and wasm's
//   Identity copies the data; sharing the buffer (as the cpu backend does) let a DistilRoBERTa
//   forward at batch 4 fit in less heap (1,136 MiB) than one at batch 2 did before (1,600 MiB).
//   Kernels never write into their inputs.
// - With onnxruntime-node installed, BatchMatMul runs every float32 product on its native GEMM
//   (native-matmul.ts) and Erf on its vectorised erf (native-erf.ts), reading and writing the
//   wasm heap in place; XNNPACK and tfjs's Erf are the fallback.
import * as tf from "@tensorflow/tfjs";
import { onnxReadable } from "./host-buffers";
import type { WasmBackend } from "./wasm-backend";
import type { NativeMatMul } from "./native-matmul";
import { nativeErf } from "./native-erf";
import { registerAttentionKernels } from "./native-attention";
import { registerDecoderLossKernels } from "./native-decoder-loss";
import { registerGeluKernels } from "./native-gelu";
import { registerLinearKernels } from "./native-linear";
import { registerLayerNormKernels } from "./native-layer-norm";

type TensorInfo = tf.TensorInfo;
type KernelFunc = (params: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }) => TensorInfo | TensorInfo[];

/** The parts of tfjs-backend-cpu's MathBackendCPU used here. */
interface CpuBackend {
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.backend_util.BackendValues): TensorInfo;
}

const registered = new Set<string>();
let native: NativeMatMul | null = null;

/** Routes wasm's float32 products to a native GEMM (null: back to XNNPACK). */
export function useNativeMatMul(n: NativeMatMul | null): void {
  native = n;
}

function replaceKernel(kernelName: string, backendName: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc });
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function segmentSumInto(x: ArrayLike<number>, ids: ArrayLike<number>, numSegments: number, inner: number, out: Float32Array | Int32Array): void {
  for (let i = 0; i < ids.length; i++) {
    const seg = ids[i];
    // TensorFlow drops rows whose segment id is out of range (negative ids mean "skip").
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}

function segmentSumShape(x: TensorInfo, segmentIds: TensorInfo, numSegments: number): { shape: number[]; inner: number } {
  const inner = size(x.shape.slice(segmentIds.shape.length));
  return { shape: [numSegments, ...x.shape.slice(segmentIds.shape.length)], inner };
}

function wasmUnsortedSegmentSum({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const b = backend as WasmBackend;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const { shape, inner } = segmentSumShape(x, segmentIds, numSegments);
  const out = b.makeOutput(shape, x.dtype);
  const outArr = b.typedArrayFromHeap(out) as Float32Array | Int32Array;
  outArr.fill(0);
  segmentSumInto(b.typedArrayFromHeap(x), b.typedArrayFromHeap(segmentIds), numSegments, inner, outArr);
  return out;
}

function cpuUnsortedSegmentSum({ inputs, backend, attrs }: Parameters<KernelFunc>[0]): TensorInfo {
  const b = backend as CpuBackend;
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const { shape, inner } = segmentSumShape(x, segmentIds, numSegments);
  const out = x.dtype === "int32" ? new Int32Array(size(shape)) : new Float32Array(size(shape));
  segmentSumInto(b.readSync(x.dataId) as Float32Array, b.readSync(segmentIds.dataId) as Int32Array, numSegments, inner, out);
  return b.makeTensorInfo(shape, x.dtype, out);
}

/** The product on the native GEMM, straight from and into the heap; null where it cannot run there. */
function nativeBatchMatMul(b: WasmBackend, a: TensorInfo, bIn: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  if (!native || a.dtype !== "float32" || bIn.dtype !== "float32" || !onnxReadable(b.wasm.HEAPU8)) return null;
  const ra = a.shape.length;
  const rb = bIn.shape.length;
  const M = a.shape[transposeA ? ra - 1 : ra - 2];
  const K = a.shape[transposeA ? ra - 2 : ra - 1];
  const N = bIn.shape[transposeB ? rb - 2 : rb - 1];
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), bIn.shape.slice(0, -2)), M, N];
  if (K === 0 || size(outShape) === 0) return null;
  // Make the output first: allocating may grow the heap, which would detach earlier views.
  const out = b.makeOutput(outShape, "float32");
  const view = (t: TensorInfo): Float32Array => b.typedArrayFromHeap(t) as Float32Array;
  native.multiply(view(a), a.shape, view(bIn), bIn.shape, transposeA, transposeB, view(out), outShape);
  return out;
}

function makeWasmBatchMatMul(stock: KernelFunc, transpose: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = backend as WasmBackend;
    let { a, b: bIn } = inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    const onNative = nativeBatchMatMul(b, a, bIn, transposeA, transposeB);
    if (onNative) return onNative;
    const temps: TensorInfo[] = [];
    const swapLast = (t: TensorInfo): TensorInfo => {
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const out = transpose({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
      temps.push(out);
      return out;
    };
    if (transposeA) a = swapLast(a);
    if (transposeB) bIn = swapLast(bIn);
    const [M, K] = a.shape.slice(-2);
    const N = bIn.shape[bIn.shape.length - 1];
    const batchA = size(a.shape.slice(0, -2));
    const batchB = size(bIn.shape.slice(0, -2));
    const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), bIn.shape.slice(0, -2)), M, N];
    const plain = { transposeA: false, transposeB: false };
    let out: TensorInfo;
    if (batchB === 1) {
      // A batch of left operands against one right operand is one tall product. XNNPACK keeps a
      // packed copy of the right operand for as long as its tensor id lives (for a weight: until
      // the optimizer replaces it, 330 MB over DistilRoBERTa). In training each weight is used
      // this way once per step, so the copy is never reused: give XNNPACK a short-lived alias of
      // the same memory, whose disposal frees the packed copy right after the product.
      const right = transposeB ? bIn : b.makeOutput([1, K, N], bIn.dtype, b.dataIdMap.get(bIn.dataId).memoryOffset);
      out = stock({ inputs: { a: { ...a, shape: [1, batchA * M, K] }, b: { ...right, shape: [1, K, N] } }, backend, attrs: plain }) as TensorInfo;
      if (right !== bIn) {
        b.wasm.tfjs.disposeData(b.dataIdMap.get(right.dataId).id);
        b.dataIdMap.delete(right.dataId);
      }
    } else if (batchA === batchB || batchA === 1) {
      out = b.makeOutput([batchB, M, N], "float32");
      const base = (t: TensorInfo): number => b.dataIdMap.get(t.dataId).memoryOffset;
      const slice = (src: TensorInfo, index: number, rows: number, cols: number): TensorInfo => {
        const t = b.makeOutput([1, rows, cols], "float32");
        const bytes = rows * cols * 4;
        const from = base(src) + index * bytes;
        b.wasm.HEAPU8.copyWithin(base(t), from, from + bytes);
        return t;
      };
      for (let i = 0; i < batchB; i++) {
        const ai = slice(a, batchA === 1 ? 0 : i, M, K);
        const bi = slice(bIn, i, K, N);
        const oi = stock({ inputs: { a: ai, b: bi }, backend, attrs: plain }) as TensorInfo;
        const bytes = M * N * 4;
        const from = base(oi);
        b.wasm.HEAPU8.copyWithin(base(out) + i * bytes, from, from + bytes);
        for (const t of [ai, bi, oi]) b.disposeData(t.dataId);
      }
    } else {
      out = stock({ inputs: { a, b: bIn }, backend, attrs: plain }) as TensorInfo;
    }
    for (const t of temps) b.disposeData(t.dataId);
    return { ...out, shape: outShape };
  };
}

/** Erf on native code where it is on and the heap is unshared; else tfjs's kernel. */
function makeWasmErf(stock: KernelFunc): KernelFunc {
  return (params) => {
    const b = params.backend as WasmBackend;
    const x = params.inputs.x as TensorInfo;
    if (x.dtype !== "float32" || size(x.shape) === 0 || !onnxReadable(b.wasm.HEAPU8)) return stock(params);
    // Allocate first: a heap that grows invalidates views taken before.
    const out = b.makeOutput(x.shape, "float32");
    if (nativeErf(b.typedArrayFromHeap(x) as Float32Array, b.typedArrayFromHeap(out) as Float32Array, x.shape)) return out;
    b.disposeData(out.dataId);
    return stock(params);
  };
}

function makeWasmIdentity(stock: KernelFunc): KernelFunc {
  return (params) => {
    const x = params.inputs.x as TensorInfo;
    if (x.dtype === "string") return stock(params);
    (params.backend as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/** Installs the kernels for a backend once; a no-op for backends that need none. */
export function installFastKernels(backendName: string): void {
  if (registered.has(backendName)) return;
  if (backendName === "wasm") {
    const stock = tf.getKernel("BatchMatMul", "wasm")!.kernelFunc as unknown as KernelFunc;
    const transpose = tf.getKernel("Transpose", "wasm")!.kernelFunc as unknown as KernelFunc;
    replaceKernel("BatchMatMul", "wasm", makeWasmBatchMatMul(stock, transpose));
    replaceKernel("UnsortedSegmentSum", "wasm", wasmUnsortedSegmentSum);
    replaceKernel("Identity", "wasm", makeWasmIdentity(tf.getKernel("Identity", "wasm")!.kernelFunc as unknown as KernelFunc));
    registerGeluKernels();
    registerDecoderLossKernels();
    registerLinearKernels();
    registerLayerNormKernels();
    registerAttentionKernels();
    replaceKernel("Erf", "wasm", makeWasmErf(tf.getKernel("Erf", "wasm")!.kernelFunc as unknown as KernelFunc));
  } else if (backendName === "cpu") {
    replaceKernel("UnsortedSegmentSum", "cpu", cpuUnsortedSegmentSum);
  }
  registered.add(backendName);
}
