// bench/train: a full Trainer epoch on the bundled sample (small RoBERTa, batch 8 × 128) against
// a plain PyTorch loop of the same model over the same blocks (current PyTorch from the reference
// venv, 2 threads), one after the other in one run, after the 2-thread sgemm ceiling (bench/ceiling).
// Each side runs in its own process, so peak RSS is that side's alone.
// Usage: node bench/train/run.mjs [records=400]   (prints a markdown table)
import { spawnSync } from "node:child_process";
import { ceilingGflops, measureCeiling } from "../ceiling/ceiling.mjs";
import { kernelFlags, kernelMallocEnv } from "../kernel-flags.mjs";
import { CONFIGS, trainStepFlops } from "../model/flops.mjs";
import { benchPython, pythonVersions } from "../python.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const records = process.argv[2] ?? "400";
const python = benchPython();
// config.ts's BLOCK and BATCH (a .ts file, which plain node cannot import).
const BLOCK = 128;
const BATCH = 8;
const folder = mkdtempSync(join(tmpdir(), "bench-train-run-"));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
  return JSON.parse(line);
}

try {
  const load = loadavg()[0].toFixed(2);
  const peak = ceilingGflops(measureCeiling({ rounds: 1, secondsPerShape: 2 }));
  // With the Node flags and malloc settings of the app's kernel process, where the Trainer runs.
  const ours = run("node", [...kernelFlags(root), "--import", "tsx", "bench/train/trainer-epoch.ts", folder, records], kernelMallocEnv(root));
  const torchLabelled = run(python, ["bench/train/torch_epoch.py", folder, "labelled"], { OMP_NUM_THREADS: "2", MKL_NUM_THREADS: "2" });
  const torchAll = run(python, ["bench/train/torch_epoch.py", folder, "all"], { OMP_NUM_THREADS: "2", MKL_NUM_THREADS: "2" });
  const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  // config.ts's SMALL_CONFIG is CONFIGS.tiny. The collator labels ~15% of tokens; the head runs there (ours, "labelled") or at every token.
  const flops = (r) => trainStepFlops(CONFIGS.tiny, { vocab: 50265, tokens: BATCH * BLOCK, seq: BLOCK, headRows: r.side === "torch-all" ? BATCH * BLOCK : 0.15 * BATCH * BLOCK });
  const share = (r) => `${fmt(((flops(r) * r.steadyTokensPerSecond) / (BATCH * BLOCK) / 1e9 / peak) * 100)}%`;
  console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0].model}; load average at start ${load}; PyTorch: ${pythonVersions(python)}, 2 threads; ceiling (same run): MLAS sgemm ${peak.toFixed(1)} GFLOP/s`);
  console.log(`records ${records} → ${ours.blocks} blocks of 128, ${ours.steps} steps of 8; ours on ${ours.backend.backend} (${ours.backend.reason})`);
  console.log("| side | steady tokens/s (wall) | tokens per CPU-second | epoch s | GFLOP a step | share of the ceiling | peak RSS MiB | loss first → last | ours ÷ this, wall | ours ÷ this, CPU |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of [ours, torchLabelled, torchAll]) {
    const label = r.side === "ours" ? "ours: Trainer.train(), tfjs" : r.side === "torch-labelled" ? "PyTorch loop, LM head at masked positions (as ours)" : "PyTorch loop, LM head everywhere (as transformers)";
    const ratio = (key) => (r === ours ? "–" : fmt(ours[key] / r[key], 2));
    console.log(`| ${label} | ${fmt(r.steadyTokensPerSecond)} | ${fmt(r.steadyTokensPerCpuSecond)} | ${fmt(r.epochSeconds, 1)} | ${fmt(flops(r) / 1e9, 1)} | ${share(r)} | ${fmt(r.peakRssMiB)} | ${fmt(r.firstLoss, 3)} → ${fmt(r.lastLoss, 3)} | ${ratio("steadyTokensPerSecond")} | ${ratio("steadyTokensPerCpuSecond")} |`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
