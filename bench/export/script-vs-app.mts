// Export benchmark: the reduced offline notebook (40 rows, maxSteps from argv, default 2) run in the
// app (service + kernel), exported to ts/py, and the ts script run with the CLI. Prints wall times,
// export times against saving the .ipynb (the reference: same document, same process), and both eval losses.
// Usage: npx tsx bench/export/script-vs-app.mts [maxSteps]
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { MIME } from "../../src/api/index";
import { exportNotebook } from "../../src/notebook/export/index";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { cellByKey, editSource, ensureBuilt, reducedOffline, ROOT, runThroughService, tempDir } from "../../test/export/support";

const steps = Number(process.argv[2] ?? 2);
ensureBuilt();
const dir = tempDir("export-bench");
process.env.HF_HOME = join(dir, "hf");
try {
  const doc = reducedOffline();
  editSource(doc, "train", "maxSteps: 2,", `maxSteps: ${steps},`);
  let t = performance.now();
  const ran = await runThroughService(doc, dir);
  const appMs = performance.now() - t;

  const time = (f: () => unknown, n = 50): number => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) f();
    return (performance.now() - t0) / n;
  };
  const saveMs = time(() => serializeIpynb(ran));
  const tsMs = time(() => exportNotebook(ran, "ts"));
  const pyMs = time(() => exportNotebook(ran, "py"));

  mkdirSync(join(dir, "script"));
  const script = join(dir, "script", "offline.ts");
  const ex = spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), "export", join(dir, "run.ipynb"), "--to", "ts", "-o", script], { encoding: "utf8" });
  if (ex.status !== 0) throw new Error(ex.stderr);
  t = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), "run", script], { encoding: "utf8", env: process.env });
  const cliMs = performance.now() - t;
  if (run.status !== 0) throw new Error(run.stderr);

  const shown = cellByKey(ran, "evaluate").outputs.find((o) => o.output_type === "execute_result");
  const appLoss = Number(/eval_loss: ([0-9.e+-]+)/.exec(String(shown && "data" in shown ? shown.data[MIME.text] : ""))?.[1]);
  const cliLoss = (JSON.parse(readFileSync(join(dir, "script", "my_awesome_eli5_mlm_model", "eval_results.json"), "utf8")) as { eval_loss: number }).eval_loss;
  console.log(`| maxSteps | app run (service) | exported ts run (CLI) | eval_loss app | eval_loss script | |Δ| |`);
  console.log(`| ${steps} | ${(appMs / 1000).toFixed(1)} s | ${(cliMs / 1000).toFixed(1)} s | ${appLoss} | ${cliLoss} | ${Math.abs(appLoss - cliLoss).toExponential(1)} |`);
  console.log("");
  console.log(`| save .ipynb (reference) | export ts | export py |`);
  console.log(`| ${saveMs.toFixed(2)} ms | ${tsMs.toFixed(2)} ms | ${pyMs.toFixed(2)} ms |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
