// Prints the 2-thread sgemm ceiling as a Markdown table (MLAS, OpenBLAS, MKL; same run) and writes
// bench/.work/ceiling.json. Usage: node bench/ceiling/run.mjs [rounds=2] [seconds per shape=3]
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { measureCeiling } from "./ceiling.mjs";

const root = new URL("../..", import.meta.url).pathname;
const load = loadavg()[0].toFixed(2);
const c = measureCeiling({ rounds: Number(process.argv[2] ?? 2), secondsPerShape: Number(process.argv[3] ?? 3) });
const f = (x) => x.toFixed(1);
console.log(`${new Date().toISOString()}; ${cpus().length} × ${cpus()[0].model}; load average at start ${load}`);
console.log(`| m × k × n | MLAS: ${c.mlas.library} | OpenBLAS: ${c.numpy.library} | MKL: ${c.torch.library} |`);
console.log("| --- | --- | --- | --- |");
c.mlas.shapes.forEach((s, i) => {
  const cell = (x) => `${f(x.median)} (best ${f(x.best)})`;
  console.log(`| ${s.shape.join(" × ")} | ${cell(s)} | ${cell(c.numpy.shapes[i])} | ${cell(c.torch.shapes[i])} |`);
});
mkdirSync(join(root, "bench/.work"), { recursive: true });
writeFileSync(join(root, "bench/.work/ceiling.json"), JSON.stringify({ date: new Date().toISOString(), load, ...c }, null, 2));
