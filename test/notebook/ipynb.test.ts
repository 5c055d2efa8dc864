import assert from "node:assert/strict";
import { test } from "node:test";
import type { NotebookDoc } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { KERNELSPEC, parseIpynb, serializeIpynb } from "../../src/notebook/ipynb";

function sample(): NotebookDoc {
  const md = newCell("markdown", "# Title\n\nSome *text*.");
  const code = newCell("code", 'const x = 1;\nconsole.log("hi");\nx');
  code.metadata = { tags: ["parameters"], collapsed: false };
  code.executionCount = 3;
  code.outputs = [
    { output_type: "stream", name: "stdout", text: "hi\nthere\n" },
    { output_type: "display_data", data: { "text/html": "<b>a</b>\n<i>b</i>", "application/vnd.mlm-notebook.progress+json": { done: 3, total: 3 } }, metadata: {} },
    { output_type: "execute_result", data: { "text/plain": "1" }, metadata: {}, execution_count: 3 },
    { output_type: "error", ename: "TypeError", evalue: "bad", traceback: ["TypeError: bad", "  at cell 2, line 1"] },
  ];
  return { path: "/tmp/n.ipynb", title: "n", cells: [md, code], dirty: false, metadata: { authors: ["me"] } };
}

test("round trip keeps cells, ids, sources, outputs, execution counts and cell metadata", () => {
  const doc = sample();
  const text = serializeIpynb(doc);
  const back = parseIpynb(text, doc.path);
  assert.deepEqual(back.cells.map((c) => [c.id, c.type, c.source, c.outputs, c.executionCount, c.metadata]), doc.cells.map((c) => [c.id, c.type, c.source, c.outputs, c.executionCount, c.metadata]));
  assert.equal(back.title, "n");
  assert.equal(serializeIpynb(back), text, "a second round trip is byte-identical");
});

test("the file is nbformat 4.5 with our kernelspec, multiline strings as lines, no transient display ids", () => {
  const doc = sample();
  (doc.cells[1].outputs[1] as { display_id?: string }).display_id = "progress-1";
  const file = JSON.parse(serializeIpynb(doc));
  assert.equal(file.nbformat, 4);
  assert.equal(file.nbformat_minor, 5);
  assert.deepEqual(file.metadata.kernelspec, KERNELSPEC);
  assert.equal(file.metadata.language_info.name, "typescript");
  assert.deepEqual(file.metadata.authors, ["me"]);
  assert.deepEqual(file.cells[1].source, ["const x = 1;\n", 'console.log("hi");\n', "x"]);
  assert.deepEqual(file.cells[1].outputs[1].data["text/html"], ["<b>a</b>\n", "<i>b</i>"]);
  assert.deepEqual(file.cells[1].outputs[1].data["application/vnd.mlm-notebook.progress+json"], { done: 3, total: 3 });
  assert.equal("display_id" in file.cells[1].outputs[1], false);
  assert.equal("outputs" in file.cells[0], false);
});

test("older notebooks without ids get ids; bad files say what is wrong", () => {
  const old = JSON.stringify({ nbformat: 4, nbformat_minor: 2, metadata: {}, cells: [{ cell_type: "code", source: ["1"], outputs: [], execution_count: null, metadata: {} }, { cell_type: "raw", source: "r", metadata: {} }] });
  const doc = parseIpynb(old, null);
  assert.match(doc.cells[0].id, /^[\w-]{1,64}$/);
  assert.equal(doc.cells[1].type, "markdown");
  assert.throws(() => parseIpynb("{nope", "/x/a.ipynb"), /\/x\/a\.ipynb is not a valid \.ipynb file: its JSON does not parse/);
  assert.throws(() => parseIpynb('{"nbformat": 3, "cells": []}', "/x/a.ipynb"), /nbformat 3; MLM Notebook reads nbformat 4/);
  assert.throws(() => parseIpynb("[]", "/x/a.ipynb"), /no "cells" list/);
});
