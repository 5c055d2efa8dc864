// onnxruntime-node, loaded once, as a synchronous runner of small ONNX graphs over Float32Arrays
// (native-matmul.ts, native-adamw.ts). Its MLAS kernels use AVX2/AVX-512 and their own threads,
// where wasm is limited to 128-bit SIMD. onnxruntime-node is an optional dependency.
//
// tfjs kernels are synchronous and onnxruntime-node's public run() returns a Promise (it only
// defers the native call with setImmediate), so we call the synchronous session of its binding
// (`onnxruntime-node/dist/binding`, pinned with the package's exact version).
import type * as ortCommon from "onnxruntime-common";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";

interface SyncSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: ortCommon.InferenceSession.SessionOptions): void;
  run(feeds: Record<string, ortCommon.Tensor>, fetches: Record<string, ortCommon.Tensor | null>, options: object): Record<string, ortCommon.Tensor>;
}

interface BindingModule {
  binding: { InferenceSession: new () => SyncSession };
  initOrt(): void;
}

/** A loaded graph: feeds and preallocated outputs by name, each a float32 array and its shape. */
export type NativeGraph = (feeds: Record<string, [Float32Array, number[]]>, outputs: Record<string, [Float32Array, number[]]>) => void;

export interface OrtNative {
  /** "onnxruntime-node 1.30.0 (MLAS, 2 threads)". */
  description: string;
  load(model: Uint8Array): NativeGraph;
}

const require = createRequire(import.meta.url);
let loaded: OrtNative | null = null;

/** Threads: MLM_NOTEBOOK_NATIVE_THREADS, else every core the process may use. */
function threads(): number {
  const fromEnv = Number(process.env.MLM_NOTEBOOK_NATIVE_THREADS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : availableParallelism();
}

/** Loads onnxruntime-node once; throws with a person-readable reason when absent or broken. */
export function loadOrtNative(): OrtNative {
  if (loaded) return loaded;
  let mod: BindingModule;
  let Tensor: typeof ortCommon.Tensor;
  let version: string;
  try {
    mod = require("onnxruntime-node/dist/binding") as BindingModule;
    Tensor = (createRequire(require.resolve("onnxruntime-node"))("onnxruntime-common") as typeof ortCommon).Tensor;
    version = (require("onnxruntime-node/package.json") as { version: string }).version;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND") throw new Error("onnxruntime-node is not installed (an optional dependency; `npm install` adds it)");
    throw new Error(`onnxruntime-node failed to load: ${(e as Error).message.split("\n")[0]}`);
  }
  mod.initOrt();
  const n = threads();
  // No spinning: between calls the wasm side runs, and spinning pool threads would take its cores.
  const options = { intraOpNumThreads: n, interOpNumThreads: 1, executionMode: "sequential", graphOptimizationLevel: "all", extra: { session: { intra_op: { allow_spinning: "0" } } } } as const;
  const tensors = (m: Record<string, [Float32Array, number[]]>): Record<string, ortCommon.Tensor> =>
    Object.fromEntries(Object.entries(m).map(([k, [data, shape]]) => [k, new Tensor("float32", data, shape)]));
  loaded = {
    description: `onnxruntime-node ${version} (MLAS, ${n} thread${n === 1 ? "" : "s"})`,
    load(model) {
      const session = new mod.binding.InferenceSession();
      session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, options);
      return (feeds, outputs) => {
        session.run(tensors(feeds), tensors(outputs), {});
      };
    },
  };
  return loaded;
}

/** Elements per call of an elementwise graph by default: its inputs, outputs and intermediates stay in cache. */
const CHUNK = 1 << 18;

/**
 * Runs an elementwise graph over equal-length arrays in cache-sized chunks, with float32 scalar
 * inputs (shape [1]). An output may alias an input when each op reads an element before the
 * write of the output depends on it.
 */
export function runChunked(graph: NativeGraph, feeds: Record<string, Float32Array>, scalars: Record<string, number>, outputs: Record<string, Float32Array>, chunk = CHUNK): void {
  const n = Object.values(feeds)[0].length;
  const consts = Object.fromEntries(Object.entries(scalars).map(([k, v]) => [k, [Float32Array.of(v), [1]]])) as Record<string, [Float32Array, number[]]>;
  const part = (m: Record<string, Float32Array>, s: number, e: number): Record<string, [Float32Array, number[]]> =>
    Object.fromEntries(Object.entries(m).map(([k, a]) => [k, [a.subarray(s, e), [e - s]]]));
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    graph({ ...part(feeds, s, e), ...consts }, part(outputs, s, e));
  }
}
