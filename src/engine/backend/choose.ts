// Picks the tfjs backend: tfjs-node-gpu → webgpu → tfjs-node → wasm → cpu, the first that starts,
// and remembers why each one before it did not. MLM_NOTEBOOK_BACKEND forces one by name.
import * as tf from "@tensorflow/tfjs";
import type { BackendInfo } from "../../api/payloads/backend";
import { installEarlyRelease } from "./early-release";
import { useWasmAdamW } from "./fused-adamw";
import { installFastKernels } from "./kernels";
import { useNativeKernels } from "./native-kernels";
import { loadNativeMatMul, type NativeMatMul, nativeMatMulWanted } from "./native-matmul";
import { defaultWasmThreads, initWasm } from "./wasm";
import { loadWasmAdamW } from "./wasm-adamw";
import { loadWasmDropoutMask } from "./wasm-dropout";
import { useWasmDropoutMask } from "../models/hashed-dropout";

export type { BackendInfo };

export interface BackendCandidate {
  /** The name a person uses: "tfjs-node-gpu", "webgpu", "tfjs-node", "wasm", "cpu". */
  name: string;
  /** Lower runs first. Built in: tfjs-node-gpu 10, webgpu 20, tfjs-node 30, wasm 40, cpu 50. */
  rank: number;
  /** Starts the backend and makes it current; throws with a person-readable reason when it cannot. */
  start(options?: { forced?: boolean }): Promise<{ detail?: string }>;
}

const candidates = new Map<string, BackendCandidate>();
let info: BackendInfo | null = null;
let choosing: Promise<BackendInfo> | null = null;

/** Adds a backend to the order (the webgpu module registers itself this way). */
export function registerBackendCandidate(candidate: BackendCandidate): void {
  candidates.set(candidate.name, candidate);
}

/** Names a person may pass to setBackend or MLM_NOTEBOOK_BACKEND, besides the candidates' own. */
const ALIASES: Record<string, string[]> = { tensorflow: ["tfjs-node-gpu", "tfjs-node"], node: ["tfjs-node"], gpu: ["tfjs-node-gpu", "webgpu"] };

async function importOptional(spec: string): Promise<void> {
  try {
    await import(spec);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new Error(`${spec} is not installed (an optional dependency: its install step downloads libtensorflow, which needs network access)`);
    }
    throw new Error(`${spec} failed to load: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** A SIMD pass over the wasm heap switched on; when it cannot load, the older path stays and the returned failure says why. */
async function startWasmPass<P>(load: () => Promise<P>, use: (pass: P | null) => void): Promise<string | null> {
  try {
    use(await load());
    return null;
  } catch (e) {
    use(null);
    return (e as Error).message;
  }
}

/** The reason's words for the SIMD passes: those that run, then why any other did not load. */
function simdPassesText(passes: { what: string; failed: string | null }[]): string {
  const running = passes.filter((p) => !p.failed).map((p) => p.what);
  const on = running.length > 1 ? `; ${running.join(" and ")} as wasm SIMD passes` : running.length === 1 ? `; ${running[0]} as one wasm SIMD pass` : "";
  return on + passes.map((p) => (p.failed ? `; ${p.failed}` : "")).join("");
}

/**
 * wasm, with AdamW and dropout masks as wasm SIMD passes, and matrix products, GELU, LayerNorm,
 * attention, the tied decoder's cross-entropy and gradient norms on onnxruntime-node where it is
 * installed.
 * Then wasm keeps one thread: its threaded build's heap is shared memory, which onnxruntime cannot
 * read, and what is left for wasm gains little from a second thread.
 */
async function startWasm(): Promise<{ detail: string }> {
  const askedThreads = Number(process.env.MLM_NOTEBOOK_WASM_THREADS);
  let native: NativeMatMul | null = null;
  let why = "turned off by MLM_NOTEBOOK_NATIVE_MATMUL=0";
  if (nativeMatMulWanted() && askedThreads > 1) why = `MLM_NOTEBOOK_WASM_THREADS=${askedThreads} asks for wasm's threaded build, whose shared heap onnxruntime cannot read`;
  else if (nativeMatMulWanted()) {
    try {
      native = loadNativeMatMul();
    } catch (e) {
      why = (e as Error).message;
    }
  }
  const { threads, simd } = await initWasm(native ? 1 : defaultWasmThreads());
  useNativeKernels(native);
  const [adamwFailed, dropoutFailed] = await Promise.all([startWasmPass(loadWasmAdamW, useWasmAdamW), startWasmPass(loadWasmDropoutMask, useWasmDropoutMask)]);
  const onNative = `matrix products, GELU, LayerNorm, attention, the decoder's loss${adamwFailed ? ", AdamW" : ""} and gradient norms`;
  const rest = native ? `${onNative} on ${native.description}` : `matrix products on XNNPACK: ${why}`;
  const passes = simdPassesText([
    { what: "AdamW", failed: adamwFailed },
    { what: "dropout masks", failed: dropoutFailed },
  ]);
  return { detail: `${threads} thread${threads === 1 ? "" : "s"}, SIMD ${simd ? "on" : "off"}; ${rest}${passes}` };
}

async function startTensorflow(spec: string): Promise<{ detail?: string }> {
  await importOptional(spec);
  if (!(await tf.setBackend("tensorflow"))) throw new Error(`${spec} loaded but its backend did not start`);
  return {};
}

registerBackendCandidate({ name: "tfjs-node-gpu", rank: 10, start: () => startTensorflow("@tensorflow/tfjs-node-gpu") });
registerBackendCandidate({ name: "tfjs-node", rank: 30, start: () => startTensorflow("@tensorflow/tfjs-node") });
registerBackendCandidate({ name: "wasm", rank: 40, start: startWasm });
registerBackendCandidate({
  name: "cpu",
  rank: 50,
  async start() {
    if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend did not start");
    return { detail: "plain JavaScript, the slowest" };
  },
});

const WEBGPU_ABSENT: BackendCandidate = {
  name: "webgpu",
  rank: 20,
  start: () => Promise.reject(new Error("not part of this build (the engine's index loads it; this program imported the backend module alone)")),
};

function ordered(): BackendCandidate[] {
  return [...candidates.values()].sort((a, b) => a.rank - b.rank);
}

async function startOne(c: BackendCandidate, passedOver: BackendInfo["passedOver"], forced: boolean): Promise<BackendInfo> {
  const { detail } = await c.start({ forced });
  installFastKernels(tf.getBackend());
  installEarlyRelease();
  const why = forced ? "chosen by name" : passedOver.length ? "the first in the order that started" : "the first choice in the order";
  info = { backend: c.name, tfBackend: tf.getBackend(), reason: detail ? `${why} (${detail})` : why, passedOver };
  return info;
}

async function choose(forcedName: string | null): Promise<BackendInfo> {
  const passedOver: BackendInfo["passedOver"] = [];
  if (forcedName) {
    const names = ALIASES[forcedName] ?? [forcedName];
    const known = names.filter((n) => candidates.has(n));
    if (known.length === 0) {
      throw new Error(`Unknown backend "${forcedName}". Choose one of: ${[...ordered().map((c) => c.name), ...Object.keys(ALIASES)].join(", ")}.`);
    }
    for (const name of known) {
      try {
        return await startOne(candidates.get(name)!, passedOver, true);
      } catch (e) {
        passedOver.push({ name, why: (e as Error).message });
      }
    }
    throw new Error(`Backend "${forcedName}" could not start: ${passedOver.map((p) => `${p.name}: ${p.why}`).join("; ")}. Pick another (e.g. "wasm") or unset MLM_NOTEBOOK_BACKEND.`);
  }
  // webgpu registers itself from ./webgpu-candidate; when that module is not loaded, say so in its place.
  const order = candidates.has("webgpu") ? ordered() : [...ordered(), WEBGPU_ABSENT].sort((a, b) => a.rank - b.rank);
  for (const c of order) {
    try {
      return await startOne(c, passedOver, false);
    } catch (e) {
      passedOver.push({ name: c.name, why: (e as Error).message });
    }
  }
  throw new Error(`No tfjs backend could start: ${passedOver.map((p) => `${p.name}: ${p.why}`).join("; ")}`);
}

/**
 * Chooses the backend once (MLM_NOTEBOOK_BACKEND forces one) and installs our kernels.
 * Engine entry points that compute (fromPretrained, the Trainer) await this.
 */
export function ready(): Promise<BackendInfo> {
  if (info) return Promise.resolve(info);
  choosing ??= choose(process.env.MLM_NOTEBOOK_BACKEND?.trim() || null).finally(() => {
    choosing = null;
  });
  return choosing;
}

/** Switches to a named backend ("wasm", "cpu", "webgpu", "tensorflow", "tfjs-node", ...). */
export async function setBackend(name: string): Promise<BackendInfo> {
  if (choosing) await choosing.catch(() => undefined);
  const next = choose(name);
  choosing = next;
  try {
    return await next;
  } finally {
    choosing = null;
  }
}

/** What runs and why; before any choice, says so. */
export function backendInfo(): BackendInfo {
  return info ?? { backend: tf.getBackend() ?? "none", tfBackend: tf.getBackend() ?? "none", reason: "not chosen yet: await ready() or setBackend(name)", passedOver: [] };
}
