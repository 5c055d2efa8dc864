// The Node flags and malloc settings of the app's kernel process (src/service/launcher.ts
// KERNEL_NODE_FLAGS, KERNEL_MALLOC_ENV), read from the source so the benchmarks run our side as the app does.
import { spawnSync } from "node:child_process";

let settings = null;

/** Both, read once per process (plain node cannot import the .ts file, so a tsx child does). */
function fromLauncher(root) {
  if (settings) return settings;
  const script = 'const m = await import("./src/service/launcher.ts"); console.log(JSON.stringify({ flags: m.KERNEL_NODE_FLAGS, malloc: m.KERNEL_MALLOC_ENV }))';
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not read the kernel's settings from src/service/launcher.ts: ${r.stderr}`);
  settings = JSON.parse(r.stdout);
  return settings;
}

export function kernelFlags(root) {
  return fromLauncher(root).flags;
}

/** The kernel's malloc settings that this process's environment does not set itself (as the launcher's kernelEnv). */
export function kernelMallocEnv(root) {
  return Object.fromEntries(Object.entries(fromLauncher(root).malloc).filter(([name]) => !(name in process.env)));
}
