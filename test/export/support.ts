// Shared by the export tests: the shipped notebooks reduced (by editing cell sources, as a person
// would) so a real run through the service takes seconds, and running them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";
import type { Cell, NotebookDoc } from "../../src/api/index";
import { MIME } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { parseIpynb } from "../../src/notebook/ipynb";
import { tutorialCells, VARIANTS } from "../../scripts/build-notebooks/cells";
import { NotebookService } from "../../src/service/notebook-service";

export { ensureBuilt, ROOT, tempDir } from "../service/support";

/**
 * A shipped notebook, built in memory from scripts/build-notebooks/cells.ts exactly as build.ts writes
 * resources/notebooks/<id>.ipynb (so the tests do not depend on the generated files being installed).
 */
export function shippedNotebook(id: "offline" | "hub"): NotebookDoc {
  const v = VARIANTS.find((x) => x.id === id)!;
  const cells = tutorialCells(v).map((c) => newCell(c.type, c.source, `${v.id}-${c.key}`));
  return { path: null, title: v.title, cells, dirty: false, metadata: {} };
}

/** The cell whose id ends with `key` (the shipped notebooks' ids are `<variant>-<key>`). */
export function cellByKey(doc: NotebookDoc, key: string): Cell {
  const cell = doc.cells.find((c) => c.id.endsWith(`-${key}`));
  if (!cell) throw new Error(`no cell "${key}" in ${doc.title}`);
  return cell;
}

/** eval_loss as the cell `key`'s evaluation result showed it in the app (the value's text, full precision). */
export function shownEvalLoss(doc: NotebookDoc, key: string): number {
  const result = cellByKey(doc, key).outputs.find((o) => o.output_type === "execute_result");
  const text = result && "data" in result ? String(result.data[MIME.text]) : "";
  const m = /eval_loss: ([0-9.e+-]+)/.exec(text);
  assert.ok(m, `no eval_loss in cell ${key}'s result: ${text}`);
  return Number(m[1]);
}

/** Replaces `from` (which must occur) in a cell's source, as an edit in the editor would. */
export function editSource(doc: NotebookDoc, key: string, from: string | RegExp, to: string): void {
  const cell = cellByKey(doc, key);
  const next = cell.source.replace(from, to);
  if (next === cell.source) throw new Error(`cell "${key}" has no ${String(from)}`);
  cell.source = next;
}

/** Runs every cell through a real service and kernel; fails with the first error output. Returns the saved document. */
export async function runThroughService(doc: NotebookDoc, dir: string): Promise<NotebookDoc> {
  const service = new NotebookService({ autosave: false, notebooksDir: dir, userDataDir: dir }, { ...doc, path: join(dir, "run.ipynb") });
  try {
    await service.runAll();
    const ran = await service.getNotebook();
    const failed = ran.cells.find((c) => c.state.phase !== "done" && c.type === "code");
    if (failed) throw new Error(`cell ${failed.id} ended ${failed.state.phase}: ${JSON.stringify(failed.outputs.filter((o) => o.output_type === "error"))}`);
    await service.saveNotebook();
    return parseIpynb(readFileSync(join(dir, "run.ipynb"), "utf8"), join(dir, "run.ipynb"));
  } finally {
    await service.close();
  }
}

/** The offline notebook made small: 40 rows, one process, 2 training steps. */
export function reducedOffline(): NotebookDoc {
  const doc = shippedNotebook("offline");
  editSource(doc, "load", /train\[:\d+\]/, "train[:40]");
  editSource(doc, "tokenize", /numProc: \d+/, "numProc: 1");
  editSource(doc, "group", /numProc: \d+/, "numProc: 1");
  editSource(doc, "trainer", "numTrainEpochs: 3,", "numTrainEpochs: 3,\n  maxSteps: 2,");
  return doc;
}
