// bench/train: a full Trainer epoch on the bundled sample (small RoBERTa, batch 8 × 128) against
// a plain PyTorch loop of the same model over the same blocks, one after the other in one run.
// Each side runs in its own process, so peak RSS is that side's alone.
// Usage: node bench/train/run.mjs [records=400]   (prints a markdown table)
import { spawnSync } from "node:child_process";
import { kernelFlags } from "../kernel-flags.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const records = process.argv[2] ?? "400";
const folder = mkdtempSync(join(tmpdir(), "bench-train-run-"));

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
  return JSON.parse(line);
}

try {
  // With the Node flags of the app's kernel process, where the Trainer runs.
  const ours = run("node", [...kernelFlags(root), "--import", "tsx", "bench/train/trainer-epoch.ts", folder, records]);
  const torchLabelled = run("/usr/bin/python3", ["bench/train/torch_epoch.py", folder, "labelled"], { OPENBLAS_NUM_THREADS: "2" });
  const torchAll = run("/usr/bin/python3", ["bench/train/torch_epoch.py", folder, "all"], { OPENBLAS_NUM_THREADS: "2" });
  const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`records ${records} → ${ours.blocks} blocks of 128, ${ours.steps} steps of 8; ours on ${ours.backend.backend} (${ours.backend.reason})`);
  console.log("| side | steady tokens/s (wall) | tokens per CPU-second | epoch s | peak RSS MiB | loss first → last | ours ÷ this, wall | ours ÷ this, CPU |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of [ours, torchLabelled, torchAll]) {
    const label = r.side === "ours" ? "ours: Trainer.train(), tfjs" : r.side === "torch-labelled" ? "PyTorch loop, LM head at masked positions (as ours)" : "PyTorch loop, LM head everywhere (as transformers)";
    const ratio = (key) => (r === ours ? "–" : fmt(ours[key] / r[key], 2));
    console.log(`| ${label} | ${fmt(r.steadyTokensPerSecond)} | ${fmt(r.steadyTokensPerCpuSecond)} | ${fmt(r.epochSeconds, 1)} | ${fmt(r.peakRssMiB)} | ${fmt(r.firstLoss, 3)} → ${fmt(r.lastLoss, 3)} | ${ratio("steadyTokensPerSecond")} | ${ratio("steadyTokensPerCpuSecond")} |`);
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
