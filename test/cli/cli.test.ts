import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { before, test } from "node:test";
import { newCell } from "../../src/notebook/cells";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { ensureBuilt, ROOT, tempDir } from "../service/support";

const BIN = join(ROOT, "bin/mlm-notebook.js");
let dir: string;

before(() => {
  ensureBuilt();
  dir = tempDir("cli");
});

function notebook(name: string, sources: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, serializeIpynb({ path, title: name, dirty: false, metadata: {}, cells: sources.map((s) => newCell("code", s)) }));
  return path;
}

function run(...args: string[]) {
  return spawnSync("node", [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, MLM_NOTEBOOK_HOME: join(dir, "home") }, timeout: 60000 });
}

test("run FILE.ipynb: outputs on stdout, progress on stderr, exit 0", () => {
  const path = notebook("ok.ipynb", ['import { startProgress } from "mlm-notebook";\nconst p = startProgress("steps", 4, "step", 0);\nfor (let i = 0; i < 4; i++) p.advance();\np.finish();\nconsole.log("hello");', "40 + 2"]);
  const r = run("run", path);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "hello\n42\n");
  assert.match(r.stderr, /steps: \[#+\] 4\/4 step, .* step\/s, in \d+s/);
  assert.match(r.stderr, /Ran 2 cells/);
});

test("run exits 1 on a failed cell and names the cell line; later cells do not run", () => {
  const path = notebook("fail.ipynb", ["const a = 1;", "const b = 2;\nnull.x;", 'console.log("never")']);
  const r = run("run", path);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /TypeError: Cannot read properties of null/);
  assert.match(r.stderr, /at cell 2, line 2, column 6/);
  assert.match(r.stderr, /Failed: cell 2/);
  assert.doesNotMatch(r.stdout, /never/);
});

test("run FILE.ts runs the script as one cell; bad input exits 2", () => {
  writeFileSync(join(dir, "script.ts"), 'import { startProgress } from "mlm-notebook";\nconst n: number = 3;\nconsole.log(typeof startProgress, n);\n');
  const ok = run("run", "script.ts");
  assert.deepEqual([ok.status, ok.stdout], [0, "function 3\n"]);
  assert.equal(run("run", "missing.ipynb").status, 2);
  writeFileSync(join(dir, "notes.txt"), "x");
  assert.match(run("run", "notes.txt").stderr, /neither a notebook \(\.ipynb\) nor a script \(\.ts\)/);
  const usage = run("bogus");
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown command "bogus"/);
});

test("run says once, as training starts, what it trains on; the final view follows on stdout", () => {
  const setup = `import { RobertaConfig, RobertaForMaskedLM, Trainer, TrainingArguments, ready } from "mlm-notebook";
await ready();
const model = RobertaForMaskedLM.fromConfig(new RobertaConfig({ vocabSize: 120, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: 24 }), { seed: 1 });
const rows = Array.from({ length: 16 }, (_, i) => {
  const input_ids = Array.from({ length: 16 }, (_, j) => 3 + ((i * 7 + j * 5) % 110));
  return { input_ids, attention_mask: input_ids.map(() => 1), labels: input_ids.map((t, j) => (j % 3 === 0 ? t : -100)) };
});
const ds = { numRows: rows.length, row: (i: number) => rows[i] };
const trainer = new Trainer({ model, args: new TrainingArguments({ outputDir: "out-cli", maxSteps: 2, saveStrategy: "no", perDeviceTrainBatchSize: 4 }), trainDataset: ds, evalDataset: ds });`;
  const path = notebook("train.ipynb", [setup, "await trainer.train();", "await trainer.evaluate();"]);
  const r = run("run", path);
  assert.equal(r.status, 0, r.stderr);
  // Once, though evaluate() updates the same view; the backend's whole reason, nested parentheses included.
  assert.equal(r.stderr.match(/^training on /gm)?.length, 1, r.stderr);
  assert.match(r.stderr, /^training on wasm \(1 thread, SIMD on; matrix products, GELU, LayerNorm, attention, the decoder's loss and gradient norms on onnxruntime-node [\d.]+ \(MLAS, \d+ threads?\); AdamW and dropout masks as wasm SIMD passes\)$/m);
  assert.match(r.stdout, /Training finished: step 2\/2/);
});

test("run is quiet about the GPU probe: no Dawn or Vulkan line when nobody asked for webgpu", (t) => {
  const path = join(dir, "one-line.ts");
  writeFileSync(path, `import { backendInfo, ready } from "mlm-notebook"; console.log((await ready(), backendInfo().backend));\n`);
  const env = { ...process.env };
  delete env.MLM_NOTEBOOK_BACKEND;
  delete env.MLM_NOTEBOOK_VERBOSE;
  const r = spawnSync("node", [BIN, "run", path], { cwd: dir, encoding: "utf8", env: { ...env, MLM_NOTEBOOK_HOME: join(dir, "home") }, timeout: 60000 });
  assert.equal(r.status, 0, r.stderr);
  if (r.stdout.trim() === "webgpu") {
    t.skip("a hardware GPU here: webgpu was chosen, and then Dawn's warnings are shown");
    return;
  }
  assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /dawn|vulkan|artificially reduced/i);
});

test("serve prints its URL on one line and answers 401 without the token", async () => {
  const child = spawn("node", [BIN, "serve", "--port", "0", "--notebook", join(dir, "served.ipynb")], { cwd: dir, env: { ...process.env, MLM_NOTEBOOK_HOME: join(dir, "home") } });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d) => {
        out += d;
        const m = /^MLM Notebook: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
    });
    const status = (u: string) => new Promise<number>((resolve, reject) => request(u, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject).end());
    assert.equal(await status(url.replace(/\?token=.*/, "")), 401);
    assert.notEqual(await status(url), 401);
  } finally {
    child.kill("SIGTERM");
  }
});
