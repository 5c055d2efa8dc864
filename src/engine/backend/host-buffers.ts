// The float32 buffer behind a tensor on the wasm and cpu backends, for updates in place (AdamW,
// gradient clipping), and how many tensors share it.
import * as tf from "@tensorflow/tfjs";

interface BufferInfo {
  refCount: number;
}

/** The float32 buffer behind a tensor, if this backend lets us write it in place; else null. */
export function writableBuffer(t: tf.Tensor): Float32Array | null {
  if (t.dtype !== "float32") return null;
  const backend = tf.engine().backend as unknown as {
    dataIdMap?: { get(id: tf.DataId): BufferInfo | undefined };
    data?: { get(id: tf.DataId): (BufferInfo & { values?: unknown }) | undefined };
    typedArrayFromHeap?(t: { dataId: tf.DataId; shape: number[]; dtype: tf.DataType }): Float32Array;
  };
  const name = tf.getBackend();
  if (name === "wasm" && backend.dataIdMap && backend.typedArrayFromHeap) {
    const info = backend.dataIdMap.get(t.dataId);
    return info ? backend.typedArrayFromHeap(t) : null;
  }
  if (name === "cpu" && backend.data) {
    const values = backend.data.get(t.dataId)?.values;
    return values instanceof Float32Array ? values : null;
  }
  return null;
}

export function refCount(t: tf.Tensor): number {
  const backend = tf.engine().backend as unknown as { dataIdMap?: { get(id: tf.DataId): BufferInfo | undefined }; data?: { get(id: tf.DataId): BufferInfo | undefined } };
  return (backend.dataIdMap ?? backend.data)?.get(t.dataId)?.refCount ?? Infinity;
}

/** Whether onnxruntime can read this array: it refuses shared memory (the threaded wasm build's heap). */
export function onnxReadable(a: ArrayBufferView): boolean {
  return !(a.buffer instanceof SharedArrayBuffer);
}
