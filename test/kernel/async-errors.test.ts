// Issue 17, quiet failure: an error thrown in a timer, or a rejected promise nothing awaits,
// fails the cell it belongs to (the running one, or the one that had finished), and
// `mlm-notebook run` exits non-zero for it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Cell } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { serializeIpynb } from "../../src/notebook/ipynb";
import { NotebookService } from "../../src/service/notebook-service";
import { ensureBuilt, ROOT, serviceWithCells, tempDir } from "../service/support";

before(() => ensureBuilt());
const open: NotebookService[] = [];
after(async () => {
  for (const s of open) await s.close();
});

function withCells(sources: string[]): ReturnType<typeof serviceWithCells> {
  return serviceWithCells("async-errors", sources, open, { autosave: false });
}

const cellOf = async (service: NotebookService, id: string): Promise<Cell> => (await service.getNotebook()).cells.find((c) => c.id === id)!;
const errors = (c: Cell): string[] => c.outputs.flatMap((o) => (o.output_type === "error" ? [o.evalue] : []));

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 10000; !(await check()); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`not within 10 s: ${what}`);
  }
}

test("a timer that throws while its cell waits on it fails that cell instead of hanging it", async () => {
  const { service, ids } = await withCells(['await new Promise((resolve) => setTimeout(() => { throw new Error("boom in a timer"); }, 20));']);
  await service.runCell(ids[0]);
  const c = await cellOf(service, ids[0]);
  assert.equal(c.state.phase, "error");
  assert.match(errors(c).join("\n"), /boom in a timer .*thrown in a callback/);
});

test("after a cell has finished, a throwing timer or an unawaited rejection fails it and says so; the kernel stays", async () => {
  const { service, ids, events } = await withCells([
    'const kept = 7;\nsetTimeout(() => { throw new Error("late boom"); }, 50);\n"started"',
    'Promise.reject(new Error("nobody awaited me"));\n"also started"',
    "kept",
  ]);
  await service.runCell(ids[0]);
  await eventually(async () => (await cellOf(service, ids[0])).state.phase === "error", "the first cell fails after its timer throws");
  assert.match(errors(await cellOf(service, ids[0])).join("\n"), /late boom .*after cell 1 had finished/);
  assert.ok(events.some((e) => e.type === "notice" && e.level === "error" && /Cell 1 failed after it had finished: .*late boom/.test(e.message)));
  await service.runCell(ids[1]);
  await eventually(async () => (await cellOf(service, ids[1])).state.phase === "error", "the unawaited rejection fails the second cell");
  assert.match(errors(await cellOf(service, ids[1])).join("\n"), /nobody awaited me .*a rejected promise that nothing awaited/);
  await service.runCell(ids[2]);
  const kept = await cellOf(service, ids[2]);
  assert.deepEqual([kept.state.phase, kept.outputs[0]?.output_type === "execute_result" ? kept.outputs[0].data["text/plain"] : null], ["done", "7"], "the kernel kept its variables");
});

test("mlm-notebook run exits 1 when a timer throws after its cell ended", () => {
  const dir = tempDir("async-errors-run");
  const path = join(dir, "late.ipynb");
  const cells = ['setTimeout(() => { throw new Error("late in run"); }, 20);', "await new Promise((r) => setTimeout(r, 300));"].map((s) => newCell("code", s));
  writeFileSync(path, serializeIpynb({ path, title: "late", dirty: false, metadata: {}, cells }));
  const r = spawnSync("node", [join(ROOT, "bin/mlm-notebook.js"), "run", path], { cwd: dir, encoding: "utf8", env: { ...process.env, MLM_NOTEBOOK_HOME: join(dir, "home") }, timeout: 60000 });
  assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /late in run/);
});
