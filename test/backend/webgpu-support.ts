// Shared by the webgpu tests: whether to run them here. CI installs a software adapter
// (scripts/ci/install-webgpu-software.sh) and sets MLM_NOTEBOOK_REQUIRE_WEBGPU=1, so there a
// missing adapter fails the tests instead of skipping them.
import { probeWebGpu } from "../../src/engine/backend/webgpu";

export async function webGpuSkipReason(): Promise<string | false> {
  if (process.env.MLM_NOTEBOOK_REQUIRE_WEBGPU === "1") return false;
  const probe = await probeWebGpu({ allowSoftware: true });
  return probe.ok ? false : `no WebGPU adapter on this machine (${probe.why})`;
}

/** Largest elementwise difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
