// Builds everything: the Node side (engine, kernel, CLI, web server) with esbuild, and the
// Electron side (main, preload, renderer) with electron-vite. Output lands in out/.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** Files named *.worker.ts or *.child.ts under a folder are separate entries (worker_threads and child processes load them by path). */
function workers(dir) {
  const found = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) found.push(...workers(path));
    else if (/\.(worker|child)\.ts$/.test(name)) found.push(path);
  }
  return found;
}

const node = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Bundled ESM still needs require() for the CommonJS packages it imports.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

await Promise.all([
  build({ ...node, entryPoints: { index: "src/engine/index.ts", ...Object.fromEntries(workers("src/engine").map((w) => [relative("src/engine", w).replace(/\.ts$/, "").replaceAll("/", "-").replace(/^.*-(?=[^-]+\.(worker|child)$)/, ""), w])) }, outdir: "out/engine" }),
  build({ ...node, entryPoints: { index: "src/kernel/main.ts" }, outdir: "out/kernel" }),
  build({ ...node, entryPoints: { index: "src/cli/main.ts" }, outdir: "out/cli" }),
]);

if (!process.argv.includes("--node-only")) {
  const r = spawnSync("npx", ["electron-vite", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
