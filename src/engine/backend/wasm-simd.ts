// The loader the hand-written WebAssembly SIMD passes share (wasm-adamw.ts, wasm-dropout.ts): each
// pass is WAT text that imports tfjs's own WebAssembly.Memory, so it reads and writes tensors in
// place on the tfjs wasm heap. wabt turns the text into a binary at load time (no build step, and
// the text stays readable next to the JavaScript it must equal), once for each kind of heap tfjs
// may have; each heap gets its own instance.
import * as tf from "@tensorflow/tfjs";
import wabt from "wabt";

// tsconfig.node's libs (ES2023, @types/node) leave out WebAssembly's JavaScript API: the part used here.
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmModule {
  readonly kind: "WebAssembly.Module";
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A pass's module text for one memory import type (e.g. "1", or "1 65536 shared"). */
export type PassWat = (memoryType: string) => string;

/** A compiled pass, ready to run on tfjs's current heap. */
export interface WasmSimdPass<Exports> {
  /**
   * The pass's exports bound to tfjs's wasm heap, when every view lies on it; else null: the cpu
   * backend's arrays and views older than a heap growth must take the callers' other paths.
   */
  on(views: readonly ArrayBufferView[]): Exports | null;
}

interface Compiled {
  /** For the single-threaded build's heap. */
  unshared: WasmModule;
  /** For the threaded build's heap, a SharedArrayBuffer: a shared import must declare a maximum, and 65536 pages (4 GiB) admits any. */
  shared: WasmModule;
}

let toolkit: ReturnType<typeof wabt> | null = null;
const loading = new Map<string, Promise<WasmSimdPass<unknown>>>();

async function compile(name: string, wat: PassWat): Promise<Compiled> {
  toolkit ??= wabt();
  const tools = await toolkit;
  const build = (memoryType: string): Promise<WasmModule> => {
    const parsed = tools.parseWat(`${name}.wat`, wat(memoryType), { simd: true, threads: true });
    try {
      // WebAssembly.compile validates the binary.
      return WebAssemblyApi.compile(parsed.toBinary({}).buffer);
    } finally {
      parsed.destroy();
    }
  };
  const [unshared, shared] = await Promise.all([build("1"), build("1 65536 shared")]);
  return { unshared, shared };
}

/** tfjs's wasm heap: exported by the single-threaded build, created in JavaScript (and imported) by the threaded one. */
function tfjsHeap(): WasmMemory | null {
  if (tf.getBackend() !== "wasm") return null;
  const wasm = (tf.backend() as unknown as { wasm?: { asm?: { memory?: unknown }; wasmMemory?: unknown } }).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  return memory instanceof WebAssemblyApi.Memory ? memory : null;
}

async function load(name: string, wat: PassWat): Promise<WasmSimdPass<unknown>> {
  const modules = await compile(name, wat);
  const instances = new WeakMap<WasmMemory, unknown>();
  return {
    on(views) {
      const memory = tfjsHeap();
      if (!memory || !views.every((a) => a.buffer === memory.buffer)) return null;
      let exports = instances.get(memory);
      if (!exports) {
        const module = memory.buffer instanceof SharedArrayBuffer ? modules.shared : modules.unshared;
        exports = new WebAssemblyApi.Instance(module, { env: { memory } }).exports;
        instances.set(memory, exports);
      }
      return exports;
    },
  };
}

/**
 * Compiles the pass `name` (once per process; wabt's loader is asynchronous, so the backend's
 * start awaits this). Throws, naming the pass, when this runtime lacks WebAssembly SIMD or wabt fails.
 */
export function loadWasmSimdPass<Exports>(name: string, wat: PassWat): Promise<WasmSimdPass<Exports>> {
  let pending = loading.get(name);
  if (!pending) {
    pending = load(name, wat).catch((e: unknown) => {
      loading.delete(name);
      throw new Error(`the WebAssembly SIMD ${name} pass did not compile: ${(e as Error).message.replace(/\s+/g, " ").trim()}`);
    });
    loading.set(name, pending);
  }
  return pending as Promise<WasmSimdPass<Exports>>;
}
