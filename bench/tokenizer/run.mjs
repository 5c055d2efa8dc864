// Tokenizer benchmark: tokens/s on the bundled sample's answers (" ".join(answers.text) per row,
// as the tutorial tokenizes them) for our tokenizer and three JS references, each in its own
// process. The machine is shared, so subjects take turns over several rounds and the table gives
// the best pass (least disturbed) and the median; prints Markdown for bench/RESULTS.md.
// Usage: node bench/tokenizer/run.mjs [rounds=3] [passes per process=2]
import { spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

const root = new URL("../..", import.meta.url).pathname;
const rounds = Number(process.argv[2] ?? 3);
const passes = process.argv[3] ?? "2";
const subjects = ["ours", "hf-tokenizers", "gpt-tokenizer", "js-tiktoken"];
const runs = new Map(subjects.map((s) => [s, []]));
const load = [];
for (let r = 0; r < rounds; r++) {
  for (const name of subjects) {
    load.push(loadavg()[0]);
    const p = spawnSync(process.execPath, ["--import", "tsx", "bench/tokenizer/measure.ts", name, passes], { cwd: root, encoding: "utf8" });
    if (p.status !== 0) throw new Error(`${name} failed:\n${p.stderr}`);
    runs.get(name).push(JSON.parse(p.stdout.trim().split("\n").at(-1)));
  }
}
const first = (name) => runs.get(name)[0];
const agree = new Set(subjects.map((s) => `${first(s).tokens}:${first(s).digest}`)).size === 1;
const best = (xs) => Math.min(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = (tokens, ms) => `${(tokens / ms / 1000).toFixed(2)}M`;
const ref = first("ours");
console.log(`${new Date().toISOString()} · ${cpus()[0].model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB · node ${process.version}`);
console.log(`load average while measuring: ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)} · ${rounds} rounds × ${passes} cold + ${passes} warm passes per subject`);
console.log(`corpus: ${ref.texts} rows, ${ref.chars} chars, ${ref.tokens} tokens (special tokens not counted)`);
console.log(`all four give the same ids: ${agree ? "yes" : "NO"} (sha256 prefix ${subjects.map((s) => `${s} ${first(s).digest}`).join(", ")})`);
console.log("\n| tokenizer | version | cold tokens/s, best | cold, median | warm tokens/s, best | warm, median |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const name of subjects) {
  const cold = runs.get(name).flatMap((r) => r.cold);
  const warm = runs.get(name).flatMap((r) => r.warm);
  const t = first(name).tokens;
  console.log(`| ${name} | ${first(name).version} | ${rate(t, best(cold))} | ${rate(t, median(cold))} | ${rate(t, best(warm))} | ${rate(t, median(warm))} |`);
}
if (!agree) process.exitCode = 1;
