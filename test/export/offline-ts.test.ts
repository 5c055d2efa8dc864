// Acceptance: the offline notebook (reduced: 40 rows, 2 steps) run in the app, exported to `ts` and
// run with the CLI, gives the same eval loss to 1e-6, and leaves the model and metrics in its output folder.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NotebookDoc } from "../../src/api/index";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { cellByKey, ensureBuilt, reducedOffline, ROOT, runThroughService, shownEvalLoss, tempDir } from "./support";

let dir: string;
let ran: NotebookDoc;
const savedHome = process.env.HF_HOME;

before(async () => {
  ensureBuilt();
  dir = tempDir("export-offline");
  process.env.HF_HOME = join(dir, "hf"); // no stored login or cache from this machine
  ran = await runThroughService(reducedOffline(), dir);
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedHome === undefined) delete process.env.HF_HOME;
  else process.env.HF_HOME = savedHome;
});

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, HF_HOME: join(dir, "hf") } });
}

test("ts export of the offline run, run with `mlm-notebook run`, gives the in-app eval loss to 1e-6 and saves model + metrics", () => {
  const runDir = join(dir, "script");
  mkdirSync(runDir);
  const script = join(runDir, "offline.ts");
  const exported = cli("export", join(dir, "run.ipynb"), "--to", "ts", "-o", script);
  assert.equal(exported.status, 0, exported.stderr);
  assert.equal(exported.stderr.includes("warning"), false, exported.stderr);
  const run = cli("run", script);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /Training: \[#+\] 2\/2 step/, "progress bars on stderr");
  const out = join(runDir, "my_awesome_eli5_mlm_model");
  const metrics = JSON.parse(readFileSync(join(out, "eval_results.json"), "utf8")) as { eval_loss: number };
  const expected = shownEvalLoss(ran, "evaluate");
  assert.ok(Number.isFinite(expected) && expected > 0);
  assert.ok(Math.abs(metrics.eval_loss - expected) <= 1e-6, `script ${metrics.eval_loss} vs app ${expected}`);
  for (const f of ["config.json", "model.safetensors", "tokenizer.json"]) assert.ok(existsSync(join(out, f)), `${f} in the output folder`);
});

test("ts export keeps the cells in order, markdown as comments, one engine import", () => {
  const r = cli("export", join(dir, "run.ipynb"), "--to", "ts", "-o", "-");
  assert.equal(r.status, 0, r.stderr);
  const text = r.stdout;
  // Statements only: markdown (the sweep note's code among it) is carried over as comments.
  assert.equal(text.match(/^import .* from "mlm-notebook";$/gm)?.length, 1);
  assert.match(text, /^\/\/ ## Load the data$/m);
  const order = ["loadDataset(", ".flatten()", "AutoTokenizer.fromPretrained(", "groupTexts", "new DataCollatorForLanguageModeling(", "AutoModelForMaskedLM.fromPretrained(", "new Trainer(", "const before = await trainer.evaluate()", "await trainer.train()", "const evalResults = await trainer.evaluate()", "await trainer.saveModel()"].map((s) => text.indexOf(s));
  assert.ok(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1])), `cells out of order: ${order}`);
});

test("ipynb export is the notebook with its outputs and recorded calls, as saved", () => {
  const file = join(dir, "copy.ipynb");
  const r = cli("export", join(dir, "run.ipynb"), "--to", "ipynb", "-o", file);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(file, "utf8"), serializeIpynb(ran));
  assert.ok(cellByKey(ran, "train").outputs.length > 0);
});

test("py export of the offline run names the bundled files and model by absolute path", () => {
  const r = cli("export", join(dir, "run.ipynb"), "--to", "py", "-o", "-");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`load_dataset\\("json", data_files="${ROOT}/?resources/datasets/eli5_sample/train\\.jsonl\\.gz", split="train\\[:40\\]", features=features\\)`));
  assert.match(r.stdout, new RegExp(`AutoTokenizer\\.from_pretrained\\("${ROOT}/?resources/tokenizers/roberta-base-tokenizer"\\)`));
  assert.match(r.stdout, new RegExp(`model = AutoModelForMaskedLM\\.from_pretrained\\("${ROOT}/?resources/models/roberta-small-docs"\\)`));
  const compiled = spawnSync("/usr/bin/python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: r.stdout, encoding: "utf8" });
  assert.equal(compiled.status, 0, compiled.stderr);
});
