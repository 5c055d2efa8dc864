// Which backend runs and on what: backendInfo() and, on webgpu, the adapter. Part of the training
// payload (MIME.training), so the window says where a run ran.

export interface BackendInfo {
  /** The candidate that runs (e.g. "wasm"), and tfjs's own name for it (e.g. "wasm", "tensorflow"). */
  backend: string;
  tfBackend: string;
  reason: string;
  passedOver: { name: string; why: string }[];
}

export type WebGpuApi = "native" | "opengles";

export interface WebGpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** The adapter calls itself a fallback (software) adapter. */
  isFallback: boolean;
  /** A CPU rasteriser (lavapipe, llvmpipe, SwiftShader…): never chosen automatically. */
  software: boolean;
  api: WebGpuApi;
}
