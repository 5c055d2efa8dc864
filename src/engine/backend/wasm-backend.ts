// The wasm backend's internals that our kernels reach into, in a file of its own so that the kernel
// registry (kernels.ts) and the native-* kernels it registers both import it, and neither the other's.
import type * as tf from "@tensorflow/tfjs";

type TensorInfo = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's BackendWasm the kernels use (it exports no type for them). */
export interface WasmBackend {
  incRef(dataId: tf.DataId): void;
  dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number }; delete(dataId: tf.DataId): boolean };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): TensorInfo;
  disposeData(dataId: tf.DataId): void;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  readSync(dataId: tf.DataId): tf.backend_util.BackendValues;
  wasm: { HEAPU8: Uint8Array; tfjs: { disposeData(id: number): void } };
}
