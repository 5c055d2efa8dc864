// Runs the training-step benchmark for both configs in one run: PyTorch (current, from the
// reference venv: MKL, 2 threads) and ours as the app runs it (wasm + onnxruntime-node's MLAS for
// products), with the 2-thread sgemm ceiling measured first in the same run (bench/ceiling), the
// FLOPs of each step and each step's share of that ceiling; prints a Markdown table.
// Usage: node bench/model/run.mjs [--rounds N] [--distil-micro N] [--wasm-only]
// --rounds N (default 3): for tiny, PyTorch and ours alternate N times, each in a fresh process,
// and the table gives the median round of each side (DistilRoBERTa: 1 round).
// --wasm-only adds ours on wasm alone (XNNPACK products, 2 threads; minutes for DistilRoBERTa).
// Results also go to bench/.work/model-results.json (ignored by git).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { ceilingGflops, measureCeiling } from "../ceiling/ceiling.mjs";
import { kernelFlags, kernelMallocEnv } from "../kernel-flags.mjs";
import { benchPython, pythonVersions } from "../python.mjs";
import { CONFIGS, trainStepFlops } from "./flops.mjs";

const root = new URL("../..", import.meta.url).pathname;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const distilMicro = arg("--distil-micro", "8");
const wasmOnly = process.argv.includes("--wasm-only");
const tinyRounds = Number(arg("--rounds", "3"));
const python = benchPython();

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split("\n").at(-1);
  if (r.status !== 0 || !line?.startsWith("{")) return { error: `exit ${r.status}: ${(r.stderr || "").split("\n").filter(Boolean).slice(-3).join(" | ").slice(0, 400)}` };
  return JSON.parse(line);
}

// Ours runs with the Node flags and malloc settings of the app's kernel process.
const flags = kernelFlags(root);
const mallocEnv = kernelMallocEnv(root);
const ours = (config, micro, env) =>
  run(process.execPath, [...flags, "--import", "tsx", "bench/model/train-step.ts", config, config === "tiny" ? "10" : "3", micro], { ...mallocEnv, MLM_NOTEBOOK_WASM_THREADS: "", MLM_NOTEBOOK_NATIVE_MATMUL: "", ...env });
// Two threads, as ours: the machine has two cores.
const pytorch = (config) => run(python, ["bench/model/train_step_torch.py", config], { OMP_NUM_THREADS: "2", MKL_NUM_THREADS: "2" });

/** The round with the median time (a failed round, if any, is reported instead). */
function medianRound(rounds) {
  const failed = rounds.find((r) => r.error);
  if (failed) return failed;
  return [...rounds].sort((a, b) => a.medianMs - b.medianMs)[Math.floor(rounds.length / 2)];
}

const startLoad = loadavg()[0].toFixed(2);
const ceiling = measureCeiling({ rounds: 1, secondsPerShape: 2 });
const peak = ceilingGflops(ceiling);
const rows = [];
for (const [config, micro] of [["tiny", "8"], ["distil", distilMicro]]) {
  const load = loadavg()[0].toFixed(2);
  const torchRounds = [];
  const nativeRounds = [];
  for (let i = 0; i < (config === "tiny" ? tinyRounds : 1); i++) {
    torchRounds.push(pytorch(config));
    nativeRounds.push(ours(config, micro, {}));
  }
  const torch = medianRound(torchRounds);
  const native = medianRound(nativeRounds);
  native.rounds = nativeRounds.map((r, i) => (r.error || torchRounds[i].error ? "failed" : (r.tokensPerSec / torchRounds[i].tokensPerSec).toFixed(2)));
  // wasm alone runs DistilRoBERTa at batch 8 only in micro-batches of 2 (its 4 GiB heap).
  const wasm = wasmOnly ? ours(config, config === "tiny" ? "8" : "2", { MLM_NOTEBOOK_NATIVE_MATMUL: "0", MLM_NOTEBOOK_WASM_THREADS: "2" }) : null;
  // Each side's own count of labelled rows (the same batch: a check that both generators agree).
  const flopsOf = (r) => (r?.labelled ? trainStepFlops(CONFIGS[config], { vocab: 50265, tokens: 8 * 128, seq: 128, headRows: r.labelled }) : null);
  for (const r of [torch, native, wasm]) if (r) r.flops = flopsOf(r);
  rows.push({ config, micro, load, flops: native.flops ?? torch.flops, torch, native, wasm });
}

const date = new Date().toISOString();
const mb = (b) => (b ? `${Math.round(b / 2 ** 20)} MiB` : "n/a");
const share = (r) => (r.flops && !r.error ? ` = ${(r.flops / (r.medianMs / 1000) / 1e9).toFixed(0)} GFLOP/s, ${((r.flops / (r.medianMs / 1000) / 1e9 / peak) * 100).toFixed(0)}% of the ceiling` : "");
const cell = (r, torch) => {
  if (!r) return "not run";
  if (r.error) return `failed: ${r.error}`;
  const micro = r.microBatch !== 8 ? `, micro-batch ${r.microBatch}` : "";
  const perRound = r.rounds && r.rounds.length > 1 ? `; rounds ${r.rounds.join(", ")}` : "";
  const ratio = torch.error ? "" : `, **${(r.tokensPerSec / torch.tokensPerSec).toFixed(2)}×** (CPU ${(torch.cpuMsPerStep / r.cpuMsPerStep).toFixed(2)}×${perRound})`;
  return `${r.medianMs} ms (${r.tokensPerSec} tok/s)${micro}${share(r)}${ratio}; ${r.cpuMsPerStep} CPU-ms; heap ${mb(r.wasmHeapBytes)}, RSS ${mb(r.maxRssBytes)}`;
};
console.log(`${date}; ${cpus().length} × ${cpus()[0].model}; load average at start ${startLoad}; PyTorch: ${pythonVersions(python)}, 2 threads; ours with the kernel's Node flags ${flags.join(" ")} and ${Object.entries(mallocEnv).map(([k, v]) => `${k}=${v}`).join(" ") || "the environment's own malloc settings"}; tiny: median of ${tinyRounds} alternating rounds a side (per-round ratios listed), Distil: one round`);
const best = (side) => Math.max(...side.shapes.map((s) => s.median)).toFixed(1);
console.log(`ceiling (same run, best median over bench/ceiling/shapes.json): MLAS sgemm ${peak.toFixed(1)} GFLOP/s (OpenBLAS ${best(ceiling.numpy)}, MKL ${best(ceiling.torch)}); 4096² MLAS ${ceiling.mlas.shapes[0].median.toFixed(1)}`);
console.log("| config | GFLOP a step (products, ×3 forward), labelled rows | PyTorch | ours: wasm + onnxruntime MLAS (÷ PyTorch) | ours: wasm alone, XNNPACK, 2 threads (÷ PyTorch) | load avg at start |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const r of rows) {
  const t = r.torch.error ? `failed: ${r.torch.error}` : `${r.torch.medianMs} ms (${r.torch.tokensPerSec} tok/s)${share(r.torch)}; ${r.torch.cpuMsPerStep} CPU-ms; RSS ${mb(r.torch.maxRssBytes)}`;
  console.log(`| ${r.config} | ${r.flops ? (r.flops / 1e9).toFixed(1) : "n/a"}, ${r.native.labelled ?? "?"} (PyTorch ${r.torch.labelled ?? "?"}) | ${t} | ${cell(r.native, r.torch)} | ${cell(r.wasm, r.torch)} | ${r.load} |`);
}
mkdirSync(join(root, "bench/.work"), { recursive: true });
writeFileSync(join(root, "bench/.work/model-results.json"), JSON.stringify({ date, startLoad, ceiling, rows }, null, 2));
