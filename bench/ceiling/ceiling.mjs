// The 2-thread sgemm ceiling, measured: MLAS (onnxruntime-node, as our kernels call it), OpenBLAS
// (numpy in the reference venv) and MKL (torch in the same venv), each side in its own process,
// taking turns. The other benches call it in their own run, so each step's share of the ceiling
// comes from the same run.
import { spawnSync } from "node:child_process";
import { benchPython } from "../python.mjs";

const root = new URL("../..", import.meta.url).pathname;
const THREADS = { MLM_NOTEBOOK_NATIVE_THREADS: "2", OPENBLAS_NUM_THREADS: "2", OMP_NUM_THREADS: "2", MKL_NUM_THREADS: "2" };

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...THREADS }, maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split("\n").at(-1);
  if (r.status !== 0 || !line?.startsWith("{")) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.slice(-1500)}`);
  return JSON.parse(line);
}

/**
 * { mlas, numpy, torch }: per side its library and per shape the best and median GFLOP/s; with
 * several rounds, each shape keeps its best round (the least disturbed).
 */
export function measureCeiling({ rounds = 2, secondsPerShape = 3 } = {}) {
  const python = benchPython();
  const sides = {
    mlas: () => run(process.execPath, ["--import", "tsx", "bench/ceiling/sgemm-mlas.ts", String(secondsPerShape)]),
    numpy: () => run(python, ["bench/ceiling/sgemm.py", "numpy", String(secondsPerShape)]),
    torch: () => run(python, ["bench/ceiling/sgemm.py", "torch", String(secondsPerShape)]),
  };
  const out = {};
  for (let r = 0; r < rounds; r++) {
    for (const [name, measure] of Object.entries(sides)) {
      const got = measure();
      const kept = out[name];
      if (!kept) out[name] = got;
      else kept.shapes = kept.shapes.map((s, i) => (got.shapes[i].median > s.median ? got.shapes[i] : s));
    }
  }
  return out;
}

/**
 * The ceiling the shares are taken of: MLAS's highest median GFLOP/s over the shapes, the step's
 * own included (on this machine a 4096 square runs slower than 2048 or the FFN's products, so
 * the square alone would flatter the shares).
 */
export const ceilingGflops = (c) => Math.max(...c.mlas.shapes.map((s) => s.median));
