// Puts webgpu in the backend order (rank 20: after tfjs-node-gpu, before tfjs-node). Chosen on
// its own only with a hardware adapter; forced by name, it takes whatever adapter exists.
import { registerBackendCandidate } from "./choose";
import { adapterLabel, initWebGpu, probeWebGpuQuietly } from "./webgpu";

export { adapterLabel, releaseWebGpu, webGpuAdapter, WebGpuError } from "./webgpu";
export type { WebGpuAdapterInfo, WebGpuApi, WebGpuFailure } from "./webgpu";

registerBackendCandidate({
  name: "webgpu",
  rank: 20,
  async start(options) {
    const forced = options?.forced ?? false;
    if (!forced) {
      const probe = await probeWebGpuQuietly();
      if (!probe.ok) throw new Error(probe.why);
    }
    const info = await initWebGpu({ allowSoftware: forced });
    return { detail: adapterLabel(info) };
  },
});
