// A forward and a backward onnxruntime graph of one op (GELU, LayerNorm, linear, the decoder's
// loss), loaded, switched on and off, and checked for usability together.
import * as tf from "@tensorflow/tfjs";
import { onnxReadable } from "./host-buffers";
import type { WasmBackend } from "./wasm-backend";
import { loadOrtNative, type NativeGraph } from "./ort-native";

/** Whether the current backend is wasm with a heap onnxruntime can read (the unshared, single-threaded build). */
export function onHeapOnnxCanRead(): boolean {
  return tf.getBackend() === "wasm" && onnxReadable((tf.backend() as unknown as WasmBackend).wasm.HEAPU8);
}

export class GraphPair {
  private graphs: { forward: NativeGraph; backward: NativeGraph } | null = null;

  constructor(
    private readonly forwardModel: Uint8Array,
    private readonly backwardModel: Uint8Array,
  ) {}

  /** Loads the graphs (throws why not), or turns them off with false. */
  use(on: boolean): void {
    if (!on) {
      this.graphs = null;
      return;
    }
    const ort = loadOrtNative();
    this.graphs = { forward: ort.load(this.forwardModel), backward: ort.load(this.backwardModel) };
  }

  /** Whether the kernels can run now: graphs loaded, and onHeapOnnxCanRead(). */
  ready(): boolean {
    return this.graphs !== null && onHeapOnnxCanRead();
  }

  get forward(): NativeGraph {
    return this.loaded().forward;
  }

  get backward(): NativeGraph {
    return this.loaded().backward;
  }

  private loaded(): { forward: NativeGraph; backward: NativeGraph } {
    if (!this.graphs) throw new Error("onnxruntime graphs used while switched off");
    return this.graphs;
  }
}
