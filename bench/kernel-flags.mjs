// The Node flags and malloc settings of the app's kernel process (src/service/launcher.ts
// KERNEL_NODE_FLAGS, KERNEL_MALLOC_ENV), read from the source so the benchmarks run our side as the app does.
import { spawnSync } from "node:child_process";

function fromLauncher(root, name) {
  const script = `const m = await import("./src/service/launcher.ts"); console.log(JSON.stringify(m.${name}))`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not read ${name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export function kernelFlags(root) {
  return fromLauncher(root, "KERNEL_NODE_FLAGS");
}

/** The kernel's malloc settings that this process's environment does not set itself (as the launcher's kernelEnv). */
export function kernelMallocEnv(root) {
  return Object.fromEntries(Object.entries(fromLauncher(root, "KERNEL_MALLOC_ENV")).filter(([name]) => !(name in process.env)));
}
