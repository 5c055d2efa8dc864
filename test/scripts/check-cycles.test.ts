// The import-circle check (scripts/check-cycles.mjs) on small real folders: it must name a circle,
// type-only imports included, and pass a folder whose imports flow one way.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const script = new URL("../../scripts/check-cycles.mjs", import.meta.url).pathname;

function check(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "cycles-"));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync("node", [script, dir], { cwd: dir, encoding: "utf8" });
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a circle through a type-only import fails and is printed file by file", () => {
  const r = check({
    "registry.ts": 'import type { Kernel } from "./kernel";\nexport const kernels: Kernel[] = [];\n',
    "kernel.ts": 'import { kernels } from "./registry";\nexport type Kernel = () => void;\nexport const count = () => kernels.length;\n',
    "user.ts": 'import { count } from "./kernel";\ncount();\n',
  });
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /Import circle: kernel\.ts → registry\.ts → kernel\.ts/);
  assert.match(r.output, /1 circle\(s\) of imports\. Break each one/);
  assert.doesNotMatch(r.output, /user\.ts/);
});

test("imports that flow one way pass", () => {
  const r = check({
    "types.ts": "export type Kernel = () => void;\n",
    "registry.ts": 'import type { Kernel } from "./types";\nexport const kernels: Kernel[] = [];\n',
    "kernel.ts": 'import type { Kernel } from "./types";\nexport const gelu: Kernel = () => {};\n',
    "install.ts": 'import { kernels } from "./registry";\nimport { gelu } from "./kernel";\nkernels.push(gelu);\n',
  });
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /No import circles among 4 files/);
});
