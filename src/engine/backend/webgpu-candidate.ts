// Puts webgpu in the backend order (rank 20: after tfjs-node-gpu, before tfjs-node). Chosen on
// its own only with a hardware adapter; forced by name, it takes whatever adapter exists.
import { registerBackendCandidate } from "./choose";
import { adapterLabel, initWebGpu, probeWebGpu } from "./webgpu";

export { adapterLabel, checkWebGpu, releaseWebGpu, webGpuAdapter, WebGpuError } from "./webgpu";
export type { WebGpuAdapterInfo, WebGpuApi, WebGpuFailure } from "./webgpu";

/** Forced when the chooser says so, or when MLM_NOTEBOOK_BACKEND names webgpu (or "gpu"). */
function isForced(options?: { forced?: boolean }): boolean {
  if (options?.forced !== undefined) return options.forced;
  const env = process.env.MLM_NOTEBOOK_BACKEND?.trim();
  return env === "webgpu" || env === "gpu";
}

registerBackendCandidate({
  name: "webgpu",
  rank: 20,
  async start(options?: { forced?: boolean }) {
    const forced = isForced(options);
    if (!forced) {
      const probe = await probeWebGpu();
      if (!probe.ok) throw new Error(probe.why);
    }
    const info = await initWebGpu({ allowSoftware: forced });
    return { detail: adapterLabel(info) };
  },
});
