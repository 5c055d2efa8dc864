// Runs the training-step benchmark for both configs, PyTorch (OpenBLAS, 2 threads) and ours
// (wasm), in one run, and prints a Markdown table with the ratio (ours tokens/s ÷ PyTorch's).
// Usage: node bench/model/run.mjs [--distil-micro N] [--threads N]
// Results also go to bench/.work/model-results.json (ignored by git).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const distilMicro = arg("--distil-micro", "2");
const threads = arg("--threads", "2");

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split("\n").at(-1);
  if (r.status !== 0 || !line?.startsWith("{")) return { error: `exit ${r.status}: ${(r.stderr || "").split("\n").filter(Boolean).slice(-3).join(" | ").slice(0, 400)}` };
  return JSON.parse(line);
}

const rows = [];
for (const [config, micro] of [["tiny", "8"], ["distil", distilMicro]]) {
  const load = loadavg()[0].toFixed(1);
  const torch = run("/usr/bin/python3", ["bench/model/train_step_torch.py", config], { OPENBLAS_NUM_THREADS: "2" });
  const ours = run(process.execPath, ["--import", "tsx", "bench/model/train-step.ts", config, config === "tiny" ? "10" : "3", micro], { MLM_NOTEBOOK_WASM_THREADS: threads });
  rows.push({ config, micro, load, torch, ours });
}

const date = new Date().toISOString().slice(0, 10);
const mb = (b) => (b ? `${Math.round(b / 2 ** 20)} MiB` : "n/a");
console.log(`machine: ${cpus().length} × ${cpus()[0].model}, run ${date}`);
console.log("| config | ours: wasm ms/step (tokens/s) | PyTorch ms/step (tokens/s) | ratio, wall | ours / PyTorch CPU-ms per step | ratio, CPU | ours peak: wasm heap / RSS | PyTorch peak RSS | load avg at start |");
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const o = r.ours.error ? `failed: ${r.ours.error}` : `${r.ours.medianMs} (${r.ours.tokensPerSec})${r.micro !== "8" ? `, micro-batch ${r.micro}` : ""}`;
  const t = r.torch.error ? `failed: ${r.torch.error}` : `${r.torch.medianMs} (${r.torch.tokensPerSec})`;
  const failed = r.ours.error || r.torch.error;
  const ratio = failed ? "n/a" : `${(r.ours.tokensPerSec / r.torch.tokensPerSec).toFixed(2)}×`;
  const cpu = failed ? "n/a" : `${r.ours.cpuMsPerStep} / ${r.torch.cpuMsPerStep}`;
  const cpuRatio = failed ? "n/a" : `${(r.torch.cpuMsPerStep / r.ours.cpuMsPerStep).toFixed(2)}×`;
  console.log(`| ${r.config} | ${o} | ${t} | ${ratio} | ${cpu} | ${cpuRatio} | ${mb(r.ours.wasmHeapBytes)} / ${mb(r.ours.maxRssBytes)} | ${mb(r.torch.maxRssBytes)} | ${r.load} |`);
}
mkdirSync(join(root, "bench/.work"), { recursive: true });
writeFileSync(join(root, "bench/.work/model-results.json"), JSON.stringify({ date, rows }, null, 2));
