#!/usr/bin/env node
// The `mlm-notebook` command: the built CLI (npm run build makes out/cli/index.js).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const cli = fileURLToPath(new URL("../out/cli/index.js", import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`mlm-notebook is not built (${cli} is missing). Run \`npm run build\` in ${fileURLToPath(new URL("..", import.meta.url))}.\n`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);
