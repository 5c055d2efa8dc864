// `npm install`'s last step: fetches Electron's binary where it can and says what happened to it.
// Electron 45's package has no install script of its own (it downloads on first use), so without
// this step a fresh clone would have no desktop app and no word why. Never fails the install:
// everything but the desktop window works without the binary.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { electronBinary, electronPackage, FETCH_LATER, skipRequested } from "./electron-binary.mjs";

const WITHOUT = "Without it `npm start` serves the web mode, the CLI runs notebooks, and the Electron end-to-end specs skip.";

function report() {
  const pkg = electronPackage();
  if (!pkg) return "Electron is not installed (dev dependencies omitted): the CLI and web mode work; the desktop app needs `npm install` with dev dependencies.";
  const found = electronBinary();
  if (found.path) return `Electron's binary is installed (${found.path}).`;
  if (skipRequested()) return `Electron's binary was not downloaded: ELECTRON_SKIP_BINARY_DOWNLOAD is set. ${WITHOUT} Fetch it later with \`${FETCH_LATER}\`.`;
  console.log("Downloading Electron's binary (electron's own installer)…");
  const r = spawnSync(process.execPath, [join(pkg, "install.js")], { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  const after = electronBinary();
  if (r.status === 0 && after.path) return `Electron's binary was downloaded (${after.path}).`;
  const cause = (r.stderr ?? "").split("\n").find((l) => l.trim()) ?? `exit ${r.status}`;
  return `Electron's binary could not be downloaded (${cause.trim()}). ${WITHOUT} When the network allows, run \`${FETCH_LATER}\` (behind a proxy set HTTPS_PROXY; ELECTRON_MIRROR names a mirror).`;
}

console.log(`mlm-notebook: ${report()}`);
