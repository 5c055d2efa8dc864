// Where the two runtimes come from: Debian's Chromium (MLM_CHROMIUM overrides) and Electron's binary.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

export const CHROMIUM_PATH = process.env.MLM_CHROMIUM ?? "/usr/bin/chromium";

/** Flags Chromium needs here: no sandbox as root, and quiet on a closed network. */
export const CHROMIUM_ARGS = [
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function electronBinary(): { path?: string; why?: string } {
  try {
    // The electron package's main export is the path to its binary.
    const path = createRequire(import.meta.url)("electron") as string;
    return existsSync(path) ? { path } : { why: `Electron's binary is not at ${path} (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)` };
  } catch (error) {
    return { why: `Electron's binary is not installed: ${(error as Error).message.split("\n")[0]}` };
  }
}
