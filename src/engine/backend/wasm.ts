// The wasm backend, with two threads in Node. tfjs turns threads off in Node (its feature flag
// answers false there) and, when forced, hands emscripten's pthread workers a `blob:` URL that
// Node's worker_threads cannot load. We give it real files instead: the worker script and the
// threaded module written to a private temp folder once per process.
import * as tf from "@tensorflow/tfjs";
import * as wasmBackend from "@tensorflow/tfjs-backend-wasm";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);

export interface WasmInit {
  threads: number;
  simd: boolean;
}

let workerFile: string | null = null;

/** Writes the pthread worker and the module it loads to files, and points emscripten at them. */
function prepareThreadFiles(): void {
  if (workerFile) return;
  const dir = mkdtempSync(join(tmpdir(), "mlm-notebook-wasm-"));
  const modulePath = require.resolve("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js");
  const mainScript = join(dir, "threaded-simd.cjs");
  writeFileSync(mainScript, readFileSync(modulePath, "utf8"));
  const { wasmWorkerContents } = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js") as { wasmWorkerContents: string };
  // The worker receives the main script as a Blob and turns it into a blob: URL; load our file instead.
  // tfjs escapes newlines the same way before making its Blob (they sit inside string literals).
  const source = wasmWorkerContents.replace(/\n/g, "\\n");
  const patched = source.replace("URL.createObjectURL(e.data.urlOrBlob)", JSON.stringify(mainScript)).replace("URL.revokeObjectURL(objectUrl)", "void 0");
  if (patched === source) throw new Error("tfjs-backend-wasm's worker script changed shape; threads cannot be enabled (use MLM_NOTEBOOK_WASM_THREADS=1).");
  workerFile = join(dir, "worker.cjs");
  writeFileSync(workerFile, patched);
  const original = URL.createObjectURL.bind(URL);
  // tfjs asks for a blob: URL for the worker script (type application/javascript); answer with our file.
  URL.createObjectURL = (obj: Blob): string => (obj instanceof Blob && obj.type === "application/javascript" && workerFile ? workerFile : original(obj));
}

/**
 * Registers and initialises the wasm backend. `threads` > 1 uses the threaded SIMD build
 * (tfjs caps threads at half the cores; we pass the count explicitly).
 */
export async function initWasm(threads: number): Promise<WasmInit> {
  const simd = (await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) as boolean;
  const useThreads = threads > 1 && simd;
  if (useThreads) {
    prepareThreadFiles();
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
    wasmBackend.setThreadsCount(threads);
  } else {
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  }
  // The C++ side sizes its thread pool as min(threads, logical cores / 2), reading the core count
  // from os.cpus() while the backend starts; report enough cores for the count asked for.
  const os = require("node:os") as typeof import("node:os");
  const cpusBefore = os.cpus;
  const real = cpusBefore();
  if (useThreads && real.length < 2 * threads) os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => real[i % real.length]);
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend failed to initialise");
  } finally {
    os.cpus = cpusBefore;
  }
  // The pool's threads run for the life of the process; emscripten refs their workers, which
  // would keep Node from exiting when a script or test is done.
  const pthreads = (tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: { unref(): void }[] } } }).wasm.PThread;
  for (const worker of pthreads?.runningWorkers ?? []) worker.unref();
  return { threads: useThreads ? wasmBackend.getThreadsCount() : 1, simd };
}

/**
 * Threads to use: MLM_NOTEBOOK_WASM_THREADS, else one per core up to 2 (only 2 vCPUs were at hand
 * to measure). On a machine busy with other work, 1 can be faster: pool threads wait by spinning.
 */
export function defaultWasmThreads(): number {
  const fromEnv = Number(process.env.MLM_NOTEBOOK_WASM_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return Math.min(2, cpus().length);
}
