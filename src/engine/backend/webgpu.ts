// The webgpu candidate of the backend chooser: tfjs's WebGPU backend on dawn.node, so training
// runs on NVIDIA, AMD, Intel and Apple GPUs alike from plain Node.
//   probeWebGpu()  — is there an adapter worth choosing automatically? (never a software one)
//   probeWebGpuQuietly() — the same in a child process, for the chooser (Dawn's warnings kept off the screen)
//   initWebGpu()   — open the device, register tfjs's "webgpu" backend on it and make it current.
//   releaseWebGpu() — give the device and its memory back.
import * as tf from "@tensorflow/tfjs";
import { adapterLabel, findAdapters, type OpenedAdapter, type WebGpuAdapterInfo, type WebGpuApi } from "./webgpu-dawn";
import { noAdapterError, softwareOnlyError, WebGpuError } from "./webgpu-errors";
import { registerChunkedAddN } from "./webgpu-addn";
import { registerGpuAdamW } from "./webgpu-adamw";
import { registerGpuDropout } from "./webgpu-dropout";
import { guardDevice, type WebGpuGuard } from "./webgpu-guard";
import { findAdaptersAside } from "./webgpu-probe";

export type { WebGpuAdapterInfo, WebGpuApi } from "./webgpu-dawn";
export { adapterLabel } from "./webgpu-dawn";
export { gpuAdamWUpdate, hasGpuAdamW, type AdamWStepHyper } from "./webgpu-adamw";
export { gpuDropout, hasGpuDropout } from "./webgpu-dropout";
export { WebGpuError, type WebGpuFailure } from "./webgpu-errors";

export interface WebGpuProbe {
  ok: boolean;
  /** The best adapter found, also when it is refused (a software one). */
  adapter?: WebGpuAdapterInfo;
  /** Why webgpu is not chosen, when ok is false. */
  why?: string;
}

export interface WebGpuOptions {
  /** Accept a software adapter. The chooser passes false; forcing "webgpu" passes true. */
  allowSoftware?: boolean;
  /** Look only through this API (default: MLM_NOTEBOOK_WEBGPU_API, else native then OpenGL ES). */
  api?: WebGpuApi;
}

interface Session {
  /** The dawn.node instance the device came from, referenced as long as the device is used. */
  gpu: GPU;
  device: GPUDevice;
  info: WebGpuAdapterInfo;
  guard: WebGpuGuard;
}

const BACKEND = "webgpu";
let session: Session | null = null;
/** An adapter found by a probe, kept for the init that usually follows (an adapter opens one device). */
let probed: OpenedAdapter | null = null;

async function bestAdapter(allowSoftware: boolean, api?: WebGpuApi): Promise<OpenedAdapter> {
  const reuse = probed && (!api || probed.info.api === api);
  const { found, missing } = reuse && probed ? { found: [probed], missing: [] } : await findAdapters(api);
  probed = null;
  const best = found[0];
  if (!best) throw noAdapterError(missing);
  if (best.info.software && !allowSoftware) throw softwareOnlyError(adapterLabel(best.info));
  return best;
}

export async function probeWebGpu(options: WebGpuOptions = {}): Promise<WebGpuProbe> {
  if (session) return { ok: true, adapter: session.info };
  const { found, missing } = await findAdapters(options.api);
  const probe = verdict(found.map((f) => f.info), missing, options.allowSoftware ?? false);
  if (probe.ok) probed = found[0];
  return probe;
}

/** The chooser's probe: never a software adapter, and Dawn's warnings kept in a child process (webgpu-probe.ts). */
export async function probeWebGpuQuietly(): Promise<WebGpuProbe> {
  if (session) return { ok: true, adapter: session.info };
  const { found, missing } = await findAdaptersAside();
  return verdict(found, missing, false);
}

function verdict(found: WebGpuAdapterInfo[], missing: string[], allowSoftware: boolean): WebGpuProbe {
  const best = found[0];
  if (!best) return { ok: false, why: noAdapterError(missing).message };
  if (best.software && !allowSoftware) return { ok: false, adapter: best, why: softwareOnlyError(adapterLabel(best)).message };
  return { ok: true, adapter: best };
}

/** The adapter the webgpu backend runs on, or null before initWebGpu. */
export function webGpuAdapter(): WebGpuAdapterInfo | null {
  return session?.info ?? null;
}

/** tfjs's backend refuses to start unless navigator.gpu exists, as in a browser; Node 20 has no navigator. */
function withNavigatorGpu<T>(gpu: GPU, make: () => T): T {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  const hadNavigator = "navigator" in globalThis;
  if (!hadNavigator) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
  const nav = g.navigator as { gpu?: GPU };
  const previous = nav.gpu;
  nav.gpu = gpu;
  try {
    return make();
  } finally {
    // A global reference to dawn.node's GPU keeps Node from exiting, so it must not stay there.
    if (previous === undefined) delete nav.gpu;
    else nav.gpu = previous;
    if (!hadNavigator) delete g.navigator;
  }
}

export async function initWebGpu(options: WebGpuOptions = { allowSoftware: true }): Promise<WebGpuAdapterInfo> {
  // After a lost device (a driver reset), choosing webgpu again opens a fresh one.
  if (session?.guard.isLost()) releaseWebGpu();
  if (!session) {
    const { gpu, adapter, info } = await bestAdapter(options.allowSoftware ?? true, options.api);
    const limits = adapter.limits;
    // The limits tfjs asks for when it opens a device itself (the adapter's best), and the
    // storage buffers a shader may bind, which kernels with many inputs need (default 8).
    const device = await adapter.requestDevice({
      requiredFeatures: adapter.features.has("timestamp-query") ? ["timestamp-query"] : [],
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
        maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
      },
    });
    // Imported only now: the module registers its kernels on import, and loads only when used.
    const { WebGPUBackend, webgpu_util } = await import("@tensorflow/tfjs-backend-webgpu");
    const backend = withNavigatorGpu(gpu, () => new WebGPUBackend(device, adapter.info));
    registerGpuDropout(webgpu_util);
    registerGpuAdamW(webgpu_util);
    registerChunkedAddN();
    const guard = guardDevice(device, backend);
    if (tf.findBackend(BACKEND)) tf.removeBackend(BACKEND);
    // Priority 0: tfjs never picks it on its own; the chooser decides.
    tf.registerBackend(BACKEND, () => backend, 0);
    session = { gpu, device, info, guard };
  }
  if (!(await tf.setBackend(BACKEND))) {
    throw new WebGpuError("no-adapter", 'The webgpu backend failed to start. The wasm backend works on any machine: setBackend("wasm").');
  }
  return session.info;
}

/** Frees every GPU buffer and the device. Tensors still on webgpu become unusable. */
export function releaseWebGpu(): void {
  if (!session) return;
  session.guard.markReleased();
  if (tf.findBackend(BACKEND)) tf.removeBackend(BACKEND);
  session.device.destroy();
  session = null;
}
