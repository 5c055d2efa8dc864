// The Node flags of the app's kernel process (src/service/launcher.ts KERNEL_NODE_FLAGS), read from
// the source so the benchmarks run our side as the app does.
import { spawnSync } from "node:child_process";

export function kernelFlags(root) {
  const script = 'const m = await import("./src/service/launcher.ts"); console.log(JSON.stringify(m.KERNEL_NODE_FLAGS))';
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not read KERNEL_NODE_FLAGS: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
