// Issue 17, hole 1: a save that fails must not look like one that worked. The document keeps its
// old path and stays dirty, the error says why in words, and autosave keeps writing the old file.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { NotebookService } from "../../src/service/notebook-service";
import { ensureBuilt, tempDir } from "./support";

before(() => ensureBuilt());

const open: NotebookService[] = [];
after(async () => {
  for (const s of open) await s.close();
});

async function started(dir: string): Promise<NotebookService> {
  const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", autosaveDelayMs: 50 });
  open.push(service);
  return service;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10000; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`not within 10 s: ${what}`);
  }
}

test("a failed Save As keeps the old path, stays dirty, says why, and autosave still writes the old file", async () => {
  const dir = tempDir("save-fail");
  const service = await started(dir);
  const good = join(dir, "good.ipynb");
  await service.saveNotebook(good);
  const id = (await service.getNotebook()).cells[0].id;
  writeFileSync(join(dir, "plain-file"), "not a folder");

  const bad: [string, RegExp][] = [
    [join(dir, "missing", "b.ipynb"), /missing does not exist/],
    [join(dir, "plain-file", "b.ipynb"), /a part of the path is a file, not a folder/],
    ["/proc/b.ipynb", /the folder \/proc takes no new files/],
    ["/proc/nope/b.ipynb", /the folder \/proc\/nope does not exist/],
  ];
  for (const [i, [path, why]] of bad.entries()) {
    await service.editCell(id, `const edit = ${i};`);
    const started = Date.now();
    await assert.rejects(service.saveNotebook(path), (e: Error) => {
      assert.match(e.message, new RegExp(`Cannot save the notebook to ${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
      assert.match(e.message, why);
      assert.doesNotMatch(e.message, /^E[A-Z]+:/, "in words, not a raw errno");
      return true;
    });
    assert.ok(Date.now() - started < 5000, `${path} fails within seconds`);
    const doc = await service.getNotebook();
    assert.equal(doc.path, good, `after failing on ${path} the document keeps its path`);
    assert.equal(doc.title, "good");
    assert.equal(doc.dirty, true, "and stays unsaved");
    await eventually(() => readFileSync(good, "utf8").includes(`const edit = ${i};`), "the next autosave goes to the old path");
  }
  assert.equal(existsSync(join(dir, "missing")), false, "no folder is made for a failed save");
});

test("a failed first save of an untitled notebook keeps it untitled, autosaved to the recovery file", async () => {
  const dir = tempDir("save-fail-untitled");
  const service = await started(dir);
  const id = (await service.getNotebook()).cells[0].id;
  await service.editCell(id, "const kept = 1;");
  await assert.rejects(service.saveNotebook("/proc/untitled.ipynb"), /Cannot save the notebook to \/proc\/untitled\.ipynb/);
  const doc = await service.getNotebook();
  assert.equal(doc.path, null);
  assert.equal(doc.dirty, true);
  const recovery = join(dir, "data", "recovery", "untitled.ipynb");
  await service.editCell(id, "const kept = 2;");
  await eventually(() => existsSync(recovery) && readFileSync(recovery, "utf8").includes("const kept = 2;"), "autosave still writes the recovery file");
});
