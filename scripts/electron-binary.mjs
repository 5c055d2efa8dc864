// Where Electron's binary is, or why there is none; used by `npm start` and the e2e runtimes.
// Found the way electron's own index.js finds it (dist/ + path.txt, or ELECTRON_OVERRIDE_DIST_PATH),
// because `require("electron")` tries to download a missing binary, which fails on a closed network.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export function electronBinary() {
  const pkg = dirname(createRequire(import.meta.url).resolve("electron/package.json"));
  const pathFile = join(pkg, "path.txt");
  const name = existsSync(pathFile) ? readFileSync(pathFile, "utf8") : "";
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, name || "electron") : name ? join(pkg, "dist", name) : null;
  if (path && existsSync(path)) return { path };
  return { why: `Electron's binary is not installed (${path ?? pathFile} is missing: npm ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1)` };
}
