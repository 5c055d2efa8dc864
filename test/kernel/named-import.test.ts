// Issue 17, quiet failure: a named import that mlm-notebook does not export fails before the
// cell runs, at the import, with the name and the closest export, instead of being undefined.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";
import { NotebookService } from "../../src/service/notebook-service";
import { ensureBuilt, tempDir } from "../service/support";

before(() => ensureBuilt());

test("import { AutoTokenzer } from \"mlm-notebook\" is a SyntaxError naming AutoTokenizer; nothing in the cell runs", async () => {
  const dir = tempDir("named-import");
  const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", autosave: false });
  try {
    const id = (await service.getNotebook()).cells[0].id;
    await service.editCell(id, 'console.log("ran");\nimport { loadDataset, AutoTokenzer } from "mlm-notebook";\nconsole.log(typeof AutoTokenzer, typeof loadDataset);');
    await service.runCell(id);
    const cell = (await service.getNotebook()).cells[0];
    assert.equal(cell.state.phase, "error");
    const outputs = cell.outputs;
    assert.equal(outputs.length, 1, JSON.stringify(outputs));
    const error = outputs[0];
    assert.equal(error.output_type, "error");
    if (error.output_type !== "error") return;
    assert.equal(error.ename, "SyntaxError");
    assert.match(error.evalue, /The requested module 'mlm-notebook' does not provide an export named 'AutoTokenzer'\. Did you mean 'AutoTokenizer'\? \(cell 1, line 2, column \d+\)/);

    await service.editCell(id, 'import { loadDataset } from "mlm-notebook";\ntypeof loadDataset');
    await service.runCell(id);
    const ok = (await service.getNotebook()).cells[0];
    assert.equal(ok.state.phase, "done", "an import that exists still works");
  } finally {
    await service.close();
  }
});
