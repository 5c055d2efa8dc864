// The exporter as a pure function of the document, its bad-input paths, and the CLI's `export`.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NotebookDoc, NotebookEvent } from "../../src/api/index";
import { exportNotebook, ExportWriteError, withSavedCalls, writeExport } from "../../src/notebook/export/index";
import { mapShape } from "../../src/notebook/export/map-shapes";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { NotebookService } from "../../src/service/notebook-service";
import { VARIANTS } from "../../scripts/build-notebooks/cells";
import { pythonFacts } from "./python-facts";
import { cellByKey, ensureBuilt, ROOT, shippedNotebook, tempDir } from "./support";

let dir: string;
before(() => {
  ensureBuilt();
  dir = tempDir("export-unit");
});
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(ROOT, "out/cli/index.js"), ...args], { encoding: "utf8" });
}

function saveNeverRun(): string {
  const file = join(dir, "never-run.ipynb");
  writeFileSync(file, serializeIpynb(shippedNotebook("hub")));
  return file;
}

test("map shapes: the tutorial's tokenize and group functions are recognised, with the captured block size; others are not", () => {
  assert.deepEqual(mapShape('(function f(examples) {\n  return tokenizer(examples["answers.text"].map((x) => x.join(" ")));\n})', {}), { kind: "tokenize", column: "answers.text", join: " " });
  assert.deepEqual(mapShape("(function f(b) { return tok(b['text']); })", {}), { kind: "tokenize", column: "text", join: null });
  const group = "(function g(examples) { const c = {}; for (const k of Object.keys(examples)) c[k] = examples[k].flat(); for (let i = 0; i < n; i += size) r[k].push(t.slice(i, i + size)); return r; })";
  assert.deepEqual(mapShape(group, { size: 64 }), { kind: "group", blockSize: 64, blockSizeName: "size" });
  assert.equal(mapShape(group, {}).kind, "other", "without the captured number the block size is unknown");
  assert.equal(mapShape("(function f(examples) { return { n: examples.text.map((t) => t.length) }; })", {}).kind, "other");
  assert.equal(mapShape('(function f(e) { console.log(1); return tokenizer(e["text"]); })', {}).kind, "other", "a second statement is not the tutorial's shape");
});

test("a notebook that never ran: every format says so and still exports; py holds the values its sources give, and compiles", () => {
  const doc = shippedNotebook("hub");
  for (const format of ["ts", "py", "ipynb"] as const) {
    const r = exportNotebook(doc, format);
    assert.equal(r.warnings.length, 1, format);
    assert.match(r.warnings[0], /never run/);
    if (format !== "ipynb") assert.match(r.text, /WARNING: .*never (run|ran)/);
  }
  const file = join(dir, "defaults.py");
  writeFileSync(file, exportNotebook(doc, "py").text);
  assert.equal(spawnSync("/usr/bin/python3", ["-m", "py_compile", file], { encoding: "utf8" }).status, 0);
  const facts = pythonFacts(file);
  assert.equal(facts.assigns.block_size, 128);
  assert.equal(facts.calls.TrainingArguments.learning_rate, 2e-5);
  const ts = exportNotebook(doc, "ts").text;
  assert.ok(ts.includes(cellByKey(doc, "group").source.split("\n")[0]), "ts export carries the sources");
});

test("CLI: a never-run notebook exports with a warning on stderr", () => {
  const out = join(dir, "never.py");
  const r = cli("export", saveNeverRun(), "--to", "py", "-o", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^warning: this notebook has never run/m);
  assert.match(r.stderr, /Wrote .*never\.py/);
});

test("a cell whose map function has no Python equivalent is listed in the py header with its TypeScript", () => {
  const doc: NotebookDoc = shippedNotebook("hub");
  const custom = 'const lengths = await tokenized.map((b) => ({ n: b.input_ids.map((x) => x.length) }), { batched: true });';
  const cells = doc.cells.map((c) => {
    if (c.id.endsWith("-load")) return withSavedCalls({ ...c, executionCount: 1 }, [{ api: "loadDataset", params: { path: "eli5_category", split: "train[:100]" } }]);
    if (c.id.endsWith("-group")) return withSavedCalls({ ...c, source: custom, executionCount: 2 }, [{ api: "map", params: { function: "((b) => ({ n: b.input_ids.map((x) => x.length) }))", captured: {}, batched: true, numProc: 1, removeColumns: [] } }]);
    return c;
  });
  const { text, warnings } = exportNotebook({ ...doc, cells }, "py");
  assert.deepEqual(warnings, []);
  const group = cells.findIndex((c) => c.id.endsWith("-group")) + 1;
  assert.match(text, new RegExp(`^#   cell ${group}: its map function is not the tutorial's`, "m"));
  assert.ok(text.includes(`#     | ${custom}`), "the cell's TypeScript is in the header");
  assert.match(text, /^#   cell \d+: not run/m, "cells that did not run are listed too");
  assert.match(text, /^eli5 = load_dataset\("eli5_category", split="train\[:100\]"\)$/m);
});

test("an unwritable output path gives a clear error and leaves nothing behind", async () => {
  await assert.rejects(writeExport(join(dir, "no-such-folder", "x.py"), "x"), (e: Error) => e instanceof ExportWriteError && /no-such-folder does not exist/.test(e.message) && /Choose another path/.test(e.message));
  // Written, then the rename fails (the target is a folder that is not empty): the temporary file must go.
  const target = join(dir, "occupied");
  mkdirSync(join(target, "inside"), { recursive: true });
  const before = readdirSync(dir).sort();
  await assert.rejects(writeExport(target, "some text"), ExportWriteError);
  assert.deepEqual(readdirSync(dir).sort(), before);
});

test("CLI: unwritable -o exits 1 with the cause; a bad --to or a missing notebook exits 2", () => {
  const notebook = saveNeverRun();
  const r = cli("export", notebook, "--to", "ts", "-o", join(notebook, "x.ts"));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /Cannot write the export to .*x\.ts: a part of the path is a file/);
  assert.equal(cli("export", notebook, "--to", "docx").status, 2);
  const missing = cli("export", join(dir, "nope.ipynb"), "--to", "py");
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/);
});

test("the service's exportNotebook: text without a path, a file with one, and a warning notice for a never-run notebook", async () => {
  const service = new NotebookService({ autosave: false, userDataDir: dir, notebooksDir: dir }, shippedNotebook("offline"));
  const events: NotebookEvent[] = [];
  service.onEvent((e) => events.push(e));
  try {
    const text = await service.exportNotebook("ts");
    assert.match(text ?? "", /from "mlm-notebook"/);
    const file = await service.exportNotebook("py", join(dir, "svc.py"));
    assert.equal(file, join(dir, "svc.py"));
    await new Promise((r) => setTimeout(r, 50)); // notices are batched
    assert.ok(events.some((e) => e.type === "notice" && e.level === "warning" && /never run/.test(e.message)));
  } finally {
    await service.close();
  }
});

test("ts export: imports repeated across cells become one line per module, so the script is a valid module", async () => {
  const { transformSync } = await import("esbuild");
  const doc = shippedNotebook("offline");
  doc.cells.push(
    { ...doc.cells[0], id: "extra-1", type: "code", source: 'import { join } from "node:path";\nimport { loadDataset } from "mlm-notebook";\nconst where = join("a", "b")' },
    { ...doc.cells[0], id: "extra-2", type: "code", source: 'import { join } from "node:path";\n(where)' },
  );
  const { text } = exportNotebook(doc, "ts");
  assert.equal(text.match(/^import .* from "node:path";$/gm)?.length, 1);
  assert.equal(text.match(/\bloadDataset\b.*from "mlm-notebook"/g)?.length, 1);
  assert.match(text, /const where = join\("a", "b"\);\n/, "a cell's last expression is closed before the next cell");
  assert.doesNotThrow(() => transformSync(text, { loader: "ts", format: "esm" }));
});

test("saved calls never keep a Hub token, and tokenizer overrides reach the Python call", () => {
  const doc = shippedNotebook("hub");
  const tokenize = cellByKey(doc, "tokenize");
  const cells = doc.cells.map((c) =>
    c === tokenize ? withSavedCalls({ ...c, executionCount: 1 }, [{ api: "AutoTokenizer.fromPretrained", params: { nameOrPath: "acme/tok", padToken: "</s>", note: ["hf_abcdefghijklmnop"] } }]) : c,
  );
  const saved = serializeIpynb({ ...doc, cells });
  assert.equal(saved.includes("hf_abcdefghijklmnop"), false);
  assert.match(exportNotebook({ ...doc, cells }, "py").text, /^tokenizer = AutoTokenizer\.from_pretrained\("acme\/tok", pad_token="<\/s>", note=\["<hidden>"\]\)$/m);
});

test("never-run py of the offline notebook reads the offline sources: bundled files, numProc, the bundled model, before and after", () => {
  const file = join(dir, "offline-defaults.py");
  writeFileSync(file, exportNotebook(shippedNotebook("offline"), "py").text);
  assert.equal(spawnSync("/usr/bin/python3", ["-m", "py_compile", file], { encoding: "utf8" }).status, 0);
  const facts = pythonFacts(file);
  assert.deepEqual(facts.calls.load_dataset.args, ["json"]);
  assert.equal(facts.calls.load_dataset.split, VARIANTS.find((v) => v.id === "offline")!.split);
  assert.equal(facts.calls.map_tokenize.num_proc, 2);
  assert.deepEqual(facts.calls.map_tokenize.remove_columns, { expr: "eli5['train'].column_names" });
  assert.deepEqual(facts.calls["AutoModelForMaskedLM.from_pretrained"]?.args, [join(ROOT, "resources/models/roberta-small-docs")]);
  assert.equal(facts.calls.TrainingArguments.learning_rate, 1e-4);
  const text = readFileSync(file, "utf8");
  // The pretrained model is evaluated before it is trained, and again after.
  assert.ok(text.indexOf("eval_before = trainer.evaluate()") < text.indexOf("trainer.train()"));
  assert.ok(text.indexOf("trainer.train()") < text.indexOf("eval_results = trainer.evaluate()"));
  assert.deepEqual(facts.calls.mask_filler, { args: [VARIANTS.find((v) => v.id === "offline")!.fillMaskText], top_k: 3 });
});
