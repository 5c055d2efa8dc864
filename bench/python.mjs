// The Python side of the benchmarks: current PyTorch and transformers in the reference venv
// (bench/.work/venv, made by scripts/reference/venv.sh when missing), as a user would install today.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;

/** The venv's python; makes the venv first (about a minute) when it is missing. Throws why not. */
export function benchPython() {
  const python = join(root, "bench/.work/venv/bin/python");
  if (existsSync(python)) return python;
  const r = spawnSync("bash", [join(root, "scripts/reference/venv.sh")], { cwd: root, stdio: "inherit" });
  if (r.status !== 0 || !existsSync(python)) throw new Error(`no reference venv at ${python}: \`bash scripts/reference/venv.sh\` exited ${r.status} (it needs pip's local package index)`);
  return python;
}

/** "torch 2.13.0+cpu (MKL …), numpy … (OpenBLAS …)" of that python, for the tables' captions. */
export function pythonVersions(python) {
  const code = "import torch, numpy; print(f'torch {torch.__version__}, numpy {numpy.__version__}')";
  return spawnSync(python, ["-c", code], { encoding: "utf8" }).stdout.trim();
}
