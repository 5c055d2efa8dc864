// Errors a person meets on the WebGPU backend. Each names the cause and a backend that will work,
// so a failed training run ends with advice instead of a Dawn stack trace.

export type WebGpuFailure = "no-adapter" | "device-lost" | "out-of-memory" | "sync-read" | "gpu-error";

const SWITCH = 'The wasm backend works on any machine: setBackend("wasm") in a cell, MLM_NOTEBOOK_BACKEND=wasm, or the CLI\'s --backend wasm';

export class WebGpuError extends Error {
  readonly failure: WebGpuFailure;
  /** A backend that works on any machine, for the caller to offer. */
  readonly suggestedBackend = "wasm";

  constructor(failure: WebGpuFailure, message: string) {
    super(message);
    this.name = "WebGpuError";
    this.failure = failure;
  }
}

export function noAdapterError(reasons: string[]): WebGpuError {
  return new WebGpuError(
    "no-adapter",
    `No WebGPU adapter was found (${reasons.join("; ")}). ${SWITCH}.`,
  );
}

export function softwareOnlyError(label: string): WebGpuError {
  return new WebGpuError(
    "no-adapter",
    `The only WebGPU adapter is a software renderer, ${label}, which is slower than the CPU backends, ` +
      `so it is not chosen on its own. Force it with setBackend("webgpu") if you mean to; otherwise the wasm backend is used.`,
  );
}

export function deviceLostError(reason: string, detail: string): WebGpuError {
  return new WebGpuError(
    "device-lost",
    `The GPU device was lost (${reason}${detail ? `: ${detail}` : ""}): the driver reset it, it was unplugged, ` +
      `or the app released it. Tensors that lived on it are gone, so reload the model and re-run the cell. ${SWITCH}.`,
  );
}

export function outOfMemoryError(detail: string): WebGpuError {
  return new WebGpuError(
    "out-of-memory",
    `The GPU ran out of memory (${detail}). Lower the batch size (perDeviceTrainBatchSize) or the sequence length. ${SWITCH}.`,
  );
}

export function syncReadError(): WebGpuError {
  return new WebGpuError(
    "sync-read",
    "dataSync()/arraySync() cannot read a tensor back from the GPU in Node on the webgpu backend; " +
      "use `await tensor.data()` or `await tensor.array()` instead, or another backend (wasm) that reads synchronously.",
  );
}

export function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}
