// Where the app's own files are, found from this module's location so the same code works from
// src/ (tests via tsx), out/cli, out/main and the packaged app.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "mlm-notebook") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`Cannot find the mlm-notebook package above ${from}; reinstall the app.`);
    dir = up;
  }
}

export function kernelEntry(root = appRoot()): string {
  const entry = join(root, "out/kernel/index.js");
  if (!existsSync(entry)) throw new Error(`The kernel is not built (${entry} is missing). Run \`npm run build\` first.`);
  return entry;
}

export function templatesDir(root = appRoot()): string {
  return join(root, "resources/notebooks");
}

/** The user's data folder for web mode and the CLI; the desktop app passes Electron's userData instead. */
export function defaultUserDataDir(): string {
  return process.env.MLM_NOTEBOOK_HOME || join(process.env.XDG_DATA_HOME || join(homedir(), ".local/share"), "mlm-notebook");
}
