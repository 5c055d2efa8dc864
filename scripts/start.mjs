// `npm start`: builds, then opens the desktop app in Electron; where Electron's binary is missing
// (skipped with ELECTRON_SKIP_BINARY_DOWNLOAD, or a download that failed) it says so and serves web mode.
// Flags: --no-build skips the build; anything else is passed to Electron or to `serve` (e.g. --port 9000).
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { electronBinary } from "./electron-binary.mjs";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const passOn = args.filter((a) => a !== "--no-build");

const electron = electronBinary();
if (!args.includes("--no-build")) {
  const b = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

let child;
if (electron.path) {
  child = spawn(electron.path, [root, ...passOn], { cwd: root, stdio: "inherit" });
} else {
  console.log(`${electron.why}.`);
  console.log("Starting web mode instead: open the address printed below in a browser.");
  child = spawn(process.execPath, [join(root, "out/cli/index.js"), "serve", ...passOn], { cwd: root, stdio: "inherit" });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
