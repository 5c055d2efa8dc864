// Where the two runtimes come from: Debian's Chromium (MLM_CHROMIUM overrides) and Electron's binary.
export { electronBinary } from "../../scripts/electron-binary.mjs";

export const CHROMIUM_PATH = process.env.MLM_CHROMIUM ?? "/usr/bin/chromium";

/** Flags Chromium needs here: no sandbox as root, and quiet on a closed network. */
export const CHROMIUM_ARGS = [
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

