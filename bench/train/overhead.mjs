// Runs bench/train/overhead.ts in plain Node and as a notebook cell in the kernel (`mlm-notebook
// run`, the kernel's Node flags, progress bars and the live view on), one after the other, and
// prints a Markdown table: the bare step, the Trainer's step, the overhead and the parts.
// Usage: node scripts/build.mjs --node-only && node bench/train/overhead.mjs [model=tiny] [steps=30]
import { spawnSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { kernelFlags, kernelMallocEnv } from "../kernel-flags.mjs";

const root = new URL("../..", import.meta.url).pathname;
// The plain-Node side gets the kernel's malloc settings too (the notebook cell's kernel sets its own).
const env = { ...kernelMallocEnv(root), ...process.env, OVERHEAD_MODEL: process.argv[2] ?? "tiny", OVERHEAD_STEPS: process.argv[3] ?? "30" };

function run(label, args) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env, maxBuffer: 1 << 24 });
  const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
  if (r.status !== 0 || !line) throw new Error(`${label} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { label, ...JSON.parse(line) };
}

const load = loadavg()[0].toFixed(2);
const rows = [
  run("plain Node, the kernel's flags", [...kernelFlags(root), "--import", "tsx", "bench/train/overhead.ts"]),
  run("a notebook cell (`mlm-notebook run`)", ["bin/mlm-notebook.js", "run", "bench/train/overhead.ts"]),
];
console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0].model}; load average at start ${load}; model ${env.OVERHEAD_MODEL}, batch 8 × 128, ${env.OVERHEAD_STEPS} steps a side, alternating in rounds of 10, medians`);
console.log("| where | bare step ms | Trainer step ms | overhead | collate | loss read | gradient norm | AdamW (clip coefficient folded in) | forward + backward |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const p = r.parts;
  console.log(`| ${r.label} (${r.backend}) | ${r.bareMs} | ${r.trainerStepMs} | ${(((r.trainerStepMs - r.bareMs) / r.bareMs) * 100).toFixed(0)}% | ${p.collate} | ${p.lossRead} | ${p.gradNorm} | ${p.adamw} | ${p.forwardBackward} |`);
}
