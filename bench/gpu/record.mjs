// Turns a bench/gpu/run.sh output folder into a markdown table (webgpu against PyTorch, per
// model and batch) and writes it into bench/RESULTS.md between the markers of its run kind
// (<!-- gpu:full --> for a GPU machine's run, <!-- gpu:smoke --> for the smoke run). With --print it only prints the table (run.sh does
// that on the GPU machine, whose copy of the repository does not come back).
//   node bench/gpu/record.mjs FOLDER [--print]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [dir, flag] = process.argv.slice(2);
if (!dir) throw new Error("usage: node bench/gpu/record.mjs FOLDER [--print]");

const rows = (file) =>
  existsSync(join(dir, file))
    ? readFileSync(join(dir, file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l))
    : [];
const machine = Object.fromEntries(
  readFileSync(join(dir, "machine.txt"), "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
);
const webgpu = rows("webgpu.jsonl");
const torchRows = rows("pytorch.jsonl");
const pytorch = torchRows.filter((r) => r.side === "pytorch");
// Our plain-PyTorch mirror with the LM head only at labelled positions, as our tfjs model does.
const labelledHead = torchRows.filter((r) => r.side === "pytorch-labelled-head");

const fmt = (n, digits = 0) => (n === undefined ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const cell = (r) => (!r ? "not run" : r.error ? `failed: ${r.error.slice(0, 120)}` : `${fmt(r.tokensPerSec)} (${r.steps} steps, median ${fmt(r.medianStepMs, 1)} ms)`);

const smoke = machine.mode === "smoke";
const command = `bash bench/gpu/run.sh${smoke ? " --smoke" : machine.run !== "full" ? ` --plan ${machine.run}` : ""}`;
const keys = [...new Set([...webgpu, ...torchRows].map((r) => `${r.model}|${r.batch}|${r.seq}`))];
const lines = [
  `### ${smoke ? "Smoke run (software adapter, tiny sizes: checks the script, measures nothing about GPUs)" : `GPU run on ${machine.gpu}`}`,
  "",
  `Command: \`${command}\` (plan "${machine.run}" of bench/gpu/configs.json); date ${machine.date}; ` +
    `webgpu adapter: ${webgpu.find((r) => r.device)?.device ?? "none"}; PyTorch device: ${torchRows.find((r) => r.device)?.device ?? "none"} (${[...new Set(torchRows.map((r) => r.impl).filter(Boolean))].join("; ")}); ` +
    `CPU: ${machine.cpu}; OS: ${machine.os}; Node ${machine.node}; Python ${machine.python}.`,
  "",
  "| model | batch × seq | webgpu tokens/s | PyTorch (transformers) tokens/s | webgpu ÷ PyTorch | PyTorch, head at labelled positions only, tokens/s | webgpu ÷ that |",
  "| --- | --- | --- | --- | --- | --- | --- |",
];
for (const key of keys) {
  const [model, batch, seq] = key.split("|");
  const w = webgpu.find((r) => `${r.model}|${r.batch}|${r.seq}` === key);
  const p = pytorch.find((r) => `${r.model}|${r.batch}|${r.seq}` === key);
  const h = labelledHead.find((r) => `${r.model}|${r.batch}|${r.seq}` === key);
  const ratio = (a, b) => (a?.tokensPerSec && b?.tokensPerSec ? `${(a.tokensPerSec / b.tokensPerSec).toFixed(2)}×` : "–");
  lines.push(`| ${model} | ${batch} × ${seq} | ${cell(w)} | ${cell(p)} | ${ratio(w, p)} | ${cell(h)} | ${ratio(w, h)} |`);
}
const table = lines.join("\n");

if (flag === "--print") {
  console.log(table);
} else {
  const results = new URL("../RESULTS.md", import.meta.url).pathname;
  const text = readFileSync(results, "utf8");
  const block = smoke ? "smoke" : "full";
  const open = `<!-- gpu:${block} -->`;
  const close = `<!-- /gpu:${block} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`bench/RESULTS.md has no ${open} … ${close} block (the GPU section holds them)`);
  writeFileSync(results, `${text.slice(0, a + open.length)}\n${table}\n${text.slice(b)}`);
  console.log(`recorded the ${block} run in bench/RESULTS.md`);
}
