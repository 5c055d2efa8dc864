// Turns the GPU's silent failures into errors at the next read. WebGPU reports a lost device or
// an out-of-memory asynchronously, and tfjs ignores both: the run would carry on with invalid
// buffers and print garbage. Every training step reads its loss, so checking at each read ends a
// failed run within one step, with a message naming the cause and a backend that will work.
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import {
  deviceLostError,
  formatBytes,
  outOfMemoryError,
  syncReadError,
  WebGpuError,
} from "./webgpu-errors";

interface GuardState {
  lost: GPUDeviceLostInfo | null;
  error: GPUError | null;
  /** Set once the app itself destroys the device, so that is not reported as a failure. */
  released: boolean;
}

export interface WebGpuGuard {
  /** Throws the first failure seen so far, if any. */
  check(): void;
  /** The device is gone (lost or destroyed): a new one must be opened. */
  isLost(): boolean;
  markReleased(): void;
}

function toError(state: GuardState): WebGpuError | null {
  if (state.lost && !state.released) return deviceLostError(state.lost.reason, state.lost.message);
  const e = state.error;
  if (!e) return null;
  if (e.constructor.name === "GPUOutOfMemoryError") return outOfMemoryError(e.message);
  return new WebGpuError("gpu-error", `The GPU rejected work from the webgpu backend (${e.message}). The wasm backend works on any machine: setBackend("wasm").`);
}

/** Rejects buffers the device cannot hold before Dawn turns them into invalid objects. */
function limitBufferSizes(device: GPUDevice): void {
  const create = device.createBuffer.bind(device);
  const { maxBufferSize, maxStorageBufferBindingSize } = device.limits;
  device.createBuffer = (desc: GPUBufferDescriptor): GPUBuffer => {
    const storage = (desc.usage & GPUBufferUsage.STORAGE) !== 0;
    const limit = storage ? Math.min(maxBufferSize, maxStorageBufferBindingSize) : maxBufferSize;
    if (desc.size > limit) {
      throw outOfMemoryError(`one tensor needs ${formatBytes(desc.size)}, more than this GPU allows in one buffer, ${formatBytes(limit)}`);
    }
    return create(desc);
  };
}

export function guardDevice(device: GPUDevice, backend: WebGPUBackend): WebGpuGuard {
  const state: GuardState = { lost: null, error: null, released: false };
  void device.lost.then((info) => {
    state.lost = info;
  });
  device.onuncapturederror = (event: GPUUncapturedErrorEvent): void => {
    state.error ??= event.error;
  };
  limitBufferSizes(device);

  const check = (): void => {
    const error = toError(state);
    if (!error) return;
    // An error is reported once: the run that met it ends, and the next one (a smaller batch,
    // say) may use the device again. A lost device stays lost.
    state.error = null;
    throw error;
  };

  const read = backend.read.bind(backend);
  backend.read = async (dataId) => {
    check();
    let values;
    try {
      values = await read(dataId);
    } catch (e) {
      check();
      throw e;
    }
    // A failure recorded while this read's work ran means its values are not to be trusted.
    check();
    return values;
  };

  // Its advice ("use asynchronous APIs") comes in our error instead, with the calls to use.
  (backend as unknown as { hasReadSyncWarned: boolean }).hasReadSyncWarned = true;
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    check();
    try {
      return readSync(dataId);
    } catch (e) {
      // tfjs reads synchronously through an OffscreenCanvas, which Node does not have.
      if (e instanceof ReferenceError) throw syncReadError();
      throw e;
    }
  };

  return {
    check,
    isLost: () => state.lost !== null,
    markReleased() {
      state.released = true;
    },
  };
}
