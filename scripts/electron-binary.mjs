// Where Electron's binary is, or why there is none; used by `npm start`, the e2e runtimes and the
// postinstall step (electron-postinstall.mjs). Found the way electron's own index.js finds it
// (dist/ + path.txt, or ELECTRON_OVERRIDE_DIST_PATH), because `require("electron")` tries to
// download a missing binary, which fails on a closed network.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The command that fetches the binary later: electron's own installer (its `install-electron` bin). */
export const FETCH_LATER = "npx install-electron";

/** Whether this shell asks npm not to download Electron's binary (any value, as Electron's installers read it). */
export function skipRequested() {
  return Boolean(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD);
}

/** The electron package's folder, or null when it is not installed (a production install). */
export function electronPackage() {
  try {
    return dirname(createRequire(import.meta.url).resolve("electron/package.json"));
  } catch {
    return null;
  }
}

export function electronBinary() {
  const pkg = electronPackage();
  if (!pkg) return { why: "the electron package is not installed (npm omitted the dev dependencies)" };
  const pathFile = join(pkg, "path.txt");
  const name = existsSync(pathFile) ? readFileSync(pathFile, "utf8") : "";
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, name || "electron") : name ? join(pkg, "dist", name) : null;
  if (path && existsSync(path)) return { path };
  // Electron 45 downloads its binary at install only through our postinstall step, which skips
  // when asked to or fails offline: say which may have happened, never more than we know.
  const because = skipRequested()
    ? "ELECTRON_SKIP_BINARY_DOWNLOAD is set, so npm install does not download it"
    : "npm install could not download it, or has not run since electron was installed";
  return { why: `Electron's binary is not installed (${path ?? pathFile} is missing: ${because}; \`${FETCH_LATER}\` fetches it)` };
}
