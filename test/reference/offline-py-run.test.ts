// The offline notebook's Python export, executed: the shipped notebook (all 500 rows, the bundled
// pretrained model) with training capped at a few steps (max_steps, as the script's comment says),
// run in the app, exported to `py` and run under transformers' Trainer. Its eval losses before and
// after training are compared with ours on the same data (same split, tokenizer ids and blocks; the
// masks are each side's own random draws, which is what the band allows for).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NotebookDoc } from "../../src/api/index";
import { editSource, ensureBuilt, ROOT, runThroughService, shippedNotebook, shownEvalLoss, tempDir } from "../export/support";
import { referenceSkip, runReference } from "./python";

const STEPS = 4;
// The two sides' eval losses differ by their masks' sampling error: each masks ~2,270 tokens of
// the 122 test blocks, whose losses spread by 3.8 nats (measured on the bundled model under
// transformers), so the difference of the two means has a standard error of 0.11; 4 of them:
const BAND = 0.45;

let dir: string;
let ran: NotebookDoc;
const savedHome = process.env.HF_HOME;

before(async () => {
  if (referenceSkip) return;
  ensureBuilt();
  dir = tempDir("offline-py-run");
  process.env.HF_HOME = join(dir, "hf");
  const doc = shippedNotebook("offline");
  editSource(doc, "trainer", /numTrainEpochs: \d+,/, `$&\n  maxSteps: ${STEPS},`);
  ran = await runThroughService(doc, dir);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (savedHome === undefined) delete process.env.HF_HOME;
  else process.env.HF_HOME = savedHome;
});

test(`the offline notebook's Python export runs under transformers (${STEPS} steps) and its eval losses match ours within ${BAND} (transformers)`, { skip: referenceSkip }, (t) => {
  const runDir = join(dir, "py");
  mkdirSync(runDir);
  const script = join(runDir, "offline.py");
  const exported = spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), "export", join(dir, "run.ipynb"), "--to", "py", "-o", script], { encoding: "utf8" });
  assert.equal(exported.status, 0, exported.stderr);
  const started = Date.now();
  const out = runReference([script], { timeoutMs: 420_000, env: { HF_HOME: join(dir, "hf"), HF_DATASETS_OFFLINE: "1" } });
  const perplexity = (label: string): number => {
    const m = new RegExp(`^${label}: ([0-9.]+)$`, "m").exec(out);
    assert.ok(m, `the script printed no "${label}":\n${out.slice(-2000)}`);
    return Number(m[1]);
  };
  const theirs = { before: Math.log(perplexity("Perplexity before fine-tuning")), after: Math.log(perplexity("Perplexity")) };
  const ours = { before: shownEvalLoss(ran, "evaluate-before"), after: shownEvalLoss(ran, "evaluate") };
  t.diagnostic(`eval loss before: ours ${ours.before.toFixed(4)}, transformers ${theirs.before.toFixed(4)}; after ${STEPS} steps: ours ${ours.after.toFixed(4)}, transformers ${theirs.after.toFixed(4)}; the script ran ${((Date.now() - started) / 1000).toFixed(0)} s`);
  assert.match(readFileSync(script, "utf8"), new RegExp(`^    max_steps=${STEPS},$`, "m"), "the cap reached the script");
  assert.ok(Math.abs(ours.before - theirs.before) < BAND, `before training: ours ${ours.before} vs transformers' ${theirs.before}`);
  assert.ok(Math.abs(ours.after - theirs.after) < BAND, `after ${STEPS} steps: ours ${ours.after} vs transformers' ${theirs.after}`);
});
