// The Python references the tests check against: current PyTorch and transformers in the venv that
// scripts/reference/venv.sh makes (bench/.work/venv; MLM_NOTEBOOK_REFERENCE_PYTHON names another).
// Tests that use it carry "(transformers)", "(torch)" or "(numpy)" in their names, so scripts/test.mjs counts
// them; where the venv is missing they skip with the reason and the command that fixes it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "../..");
export const REFERENCE_PYTHON = process.env.MLM_NOTEBOOK_REFERENCE_PYTHON ?? join(root, "bench/.work/venv/bin/python");

function probe(): { versions: string } | { missing: string } {
  if (!existsSync(REFERENCE_PYTHON)) return { missing: `no reference venv at ${REFERENCE_PYTHON}: run \`bash scripts/reference/venv.sh\` (needs pip's local package index)` };
  const r = spawnSync(REFERENCE_PYTHON, ["-c", "import torch, transformers, numpy; print(f'torch {torch.__version__}, transformers {transformers.__version__}')"], { encoding: "utf8" });
  if (r.status !== 0) return { missing: `${REFERENCE_PYTHON} cannot import torch, transformers and numpy (${r.stderr.trim().split("\n").at(-1)}): rerun \`bash scripts/reference/venv.sh\`` };
  return { versions: r.stdout.trim() };
}

const found = probe();
/** false when the reference is there, else the reason to skip (node:test's `skip` option). */
export const referenceSkip: false | string = "missing" in found ? found.missing : false;
/** "torch X, transformers Y" of the reference, for diagnostics. */
export const referenceVersions: string = "versions" in found ? found.versions : "";

/** Runs a script of scripts/reference (or inline code with `-c`) under the reference Python; throws with its stderr on failure. */
export function runReference(args: string[], options: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): string {
  const r = spawnSync(REFERENCE_PYTHON, args, {
    encoding: "utf8",
    input: options.input,
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 256 * 1024 * 1024,
    // Two threads, as our engine uses: more only contend on this machine's two cores. glibc's malloc
    // maps and unmaps every block over 32 MiB (PyTorch's 200 MB logits) afresh each step, which makes
    // a training step ~3× slower in system time (bench/RESULTS.md, issue 19): keep freed memory instead.
    env: { ...process.env, OMP_NUM_THREADS: "2", TOKENIZERS_PARALLELISM: "false", HF_HUB_OFFLINE: "1", MALLOC_MMAP_MAX_: "0", MALLOC_TRIM_THRESHOLD_: "68719476736", ...options.env },
  });
  if (r.status !== 0) throw new Error(`${REFERENCE_PYTHON} ${args.join(" ").slice(0, 200)} failed (${r.status ?? r.signal}):\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

export const REFERENCE_SCRIPTS = join(root, "scripts/reference");
