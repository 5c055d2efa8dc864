// The benchmark a user would recognise: the offline tutorial notebook, Run All in our app
// (`mlm-notebook run`, headless) against the same notebook's Python export run under
// transformers' Trainer (reference venv), same data, same machine, one after the other.
// Figures: the whole run, trainer.train() (3 epochs, each with its evaluation, as
// evalStrategy "epoch"), the evaluation before training, tokens/s of training, peak RSS
// (/usr/bin/time: the largest process of each side's tree), user and system CPU.
// Usage: node scripts/build.mjs --node-only && node bench/offline/run.mjs [--max-steps N] [--env-py K=V ...]
// --max-steps N caps training on both sides (the notebook's maxSteps, exported as max_steps);
// --env-py K=V sets an environment variable for the Python side only (a diagnosis, not the headline);
// --env-py BENCH_HEAD_AT_LABELS=1 runs transformers' LM head at labelled positions only (timed_export.py).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchPython, pythonVersions } from "../python.mjs";

const root = new URL("../..", import.meta.url).pathname;
const argv = process.argv.slice(2);
const maxStepsAt = argv.indexOf("--max-steps");
const maxSteps = maxStepsAt >= 0 ? Number(argv[maxStepsAt + 1]) : null;
const pyEnv = Object.fromEntries(argv.flatMap((a, i) => (argv[i - 1] === "--env-py" ? [a.split("=")] : [])));
const onlyPy = argv.includes("--python-only");
const python = benchPython();
const dir = mkdtempSync(join(tmpdir(), "bench-offline-"));
const TOKENS_PER_STEP = 8 * 128;

/** Runs under /usr/bin/time in `cwd`; resolves with stdout, stderr lines stamped (seconds from start), and time's figures. */
function timedRun(cmd, args, env) {
  const timeFile = join(dir, `time-${Date.now()}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-o", timeFile, "-f", "%e %U %S %M", cmd, ...args], { cwd: dir, env: { ...process.env, HF_HOME: join(dir, "hf"), ...env } });
    let stdout = "";
    const lines = [];
    let partial = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => {
      const parts = (partial + d).split("\n");
      partial = parts.pop();
      const at = (performance.now() - started) / 1000;
      for (const text of parts) lines.push({ at, text });
    });
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${lines.slice(-30).map((l) => l.text).join("\n")}`));
      const [wall, user, sys, maxKiB] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
      resolve({ stdout, lines, wall, user, sys, peakRssMiB: maxKiB / 1024 });
    });
  });
}

try {
  // The shipped notebook, copied so its outputs (my_awesome_eli5_mlm_model) land in the temp folder.
  const nb = JSON.parse(readFileSync(join(root, "resources/notebooks/offline.ipynb"), "utf8"));
  const text = (c) => (Array.isArray(c.source) ? c.source.join("") : c.source);
  if (maxSteps) {
    const trainer = nb.cells.find((c) => c.cell_type === "code" && text(c).includes("numTrainEpochs: 3,"));
    trainer.source = text(trainer).replace("numTrainEpochs: 3,", `numTrainEpochs: 3,\n  maxSteps: ${maxSteps},`);
  }
  writeFileSync(join(dir, "offline.ipynb"), JSON.stringify(nb));
  const cli = join(root, "bin/mlm-notebook.js");
  await timedRun(process.execPath, [cli, "export", join(dir, "offline.ipynb"), "--to", "py", "-o", join(dir, "offline.py")], {});
  const load = loadavg()[0].toFixed(2);

  let ours = null;
  if (!onlyPy) {
    const run = await timedRun(process.execPath, [cli, "run", join(dir, "offline.ipynb")], {});
    // Cell N starts when its "── cell N (…) ──" line comes; code cells: 9 evaluate before, 10 train, 11 evaluate, 12 fill-mask.
    const starts = new Map(run.lines.flatMap((l) => { const m = /^── cell \d+ \((\d+)\/\d+\) ──$/.exec(l.text); return m ? [[Number(m[1]), l.at]] : []; }));
    const evals = [...run.stdout.matchAll(/eval_runtime: ([0-9.]+)/g)].map((m) => Number(m[1]));
    ours = { ...run, stdout: undefined, lines: undefined, train: starts.get(11) - starts.get(10), evalBefore: starts.get(10) - starts.get(9), evalAfter: starts.get(12) - starts.get(11), evalRuntimes: evals, notebook: run.lines.find((l) => /^Ran \d+ cells in/.test(l.text))?.text };
  }

  const py = await timedRun(python, [join(root, "bench/offline/timed_export.py"), join(dir, "offline.py")], { OMP_NUM_THREADS: "", TOKENIZERS_PARALLELISM: "false", HF_HUB_OFFLINE: "1", HF_DATASETS_OFFLINE: "1", ...pyEnv });
  const report = JSON.parse(py.stdout.trim().split("\n").at(-1));
  const train = report.calls.find((c) => c.call === "train");
  const evalCalls = report.calls.filter((c) => c.call === "evaluate");
  const steps = train.steps;
  const theirs = { ...py, stdout: undefined, lines: undefined, report, train: train.seconds, evalBefore: evalCalls[0].seconds, evalAfter: evalCalls.at(-1).seconds };

  const f = (x, d = 1) => (x == null || Number.isNaN(x) ? "n/a" : x.toFixed(d));
  console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0].model}; load average at start ${load}; ${pythonVersions(python)}, transformers ${report.transformers}, torch threads ${report.threads}${Object.keys(pyEnv).length ? `; Python side with ${Object.entries(pyEnv).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""}`);
  console.log(`training: ${steps} steps of 8 × 128${maxSteps ? ` (max_steps ${maxSteps})` : " (3 epochs)"}, evaluation at each epoch inside train(), as the notebook asks`);
  console.log("| side | whole run s | train() s (evaluations included) | training tokens/s | evaluate() before, s | peak RSS MiB | user / system CPU s |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const [label, r] of [["ours: Run All (`mlm-notebook run`)", ours], ["transformers' Trainer: the notebook's Python export", theirs]]) {
    if (!r) continue;
    console.log(`| ${label} | ${f(r.wall)} | ${f(r.train)} | ${f((steps * TOKENS_PER_STEP) / r.train, 0)} | ${f(r.evalBefore)} | ${f(r.peakRssMiB, 0)} | ${f(r.user)} / ${f(r.sys)} |`);
  }
  if (ours) console.log(`ours ÷ transformers: whole run ${f(theirs.wall / ours.wall, 2)}×, train() ${f(theirs.train / ours.train, 2)}×, peak RSS ${f(ours.peakRssMiB / theirs.peakRssMiB, 2)}`);
  writeFileSync(join(root, "bench/.work/offline-results.json"), JSON.stringify({ date: new Date().toISOString(), load, maxSteps, pyEnv, ours, theirs }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
