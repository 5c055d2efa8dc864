import assert from "node:assert/strict";
import { test } from "node:test";
import type { Cell, Freshness } from "../../src/api/index";
import { newCell } from "../../src/notebook/cells";
import { cellNames } from "../../src/notebook/cell-names";
import { applyFreshness } from "../../src/notebook/freshness";

function code(source: string, freshness: Freshness = { kind: "current" }): Cell {
  const cell = newCell("code", source);
  return { ...cell, state: { ...cell.state, ...cellNames(source)!, freshness } };
}

const kinds = (cells: Cell[]) => cells.map((c) => (c.state.freshness.kind === "outdated" ? `outdated: ${c.state.freshness.reason}` : c.state.freshness.kind));

test("re-running a cell outdates the later cells that read what it defines, transitively, with a reason", () => {
  const cells = [
    code("const blockSize = 128;"),
    newCell("markdown", "text"),
    code("const other = 1;"),
    code("const chunks = [blockSize];"),
    code("const total = chunks.length + other;"),
    code("console.log(other);"),
  ];
  const after = applyFreshness(cells, { kind: "ran", cellId: cells[0].id });
  assert.deepEqual(kinds(after), [
    "current", "not-run", "current",
    "outdated: reads blockSize, changed in cell 1",
    "outdated: reads chunks, defined in cell 4, which is outdated",
    "current",
  ]);
  assert.equal(after[2], cells[2], "unchanged cells keep their identity");
});

test("only later cells are outdated, and a redefinition in between shields the ones after it", () => {
  const cells = [code("const n = 0; n"), code("const x = 1;"), code("const y = x;"), code("const x = 2;"), code("x + 1")];
  assert.deepEqual(kinds(applyFreshness(cells, { kind: "ran", cellId: cells[1].id })), ["current", "current", "outdated: reads x, changed in cell 2", "current", "current"]);
});

test("a cell that ran becomes current; not-run cells stay not-run", () => {
  const cells = [code("const a = 1;", { kind: "not-run" }), code("a", { kind: "not-run" })];
  assert.deepEqual(kinds(applyFreshness(cells, { kind: "ran", cellId: cells[0].id })), ["current", "not-run"]);
});

test("editing outdates the edited cell and the readers of the names it defined before and defines now", () => {
  const cells = [code("const renamed = 1;"), code("oldName + 1"), code("renamed * 2"), code("const z = 3;")];
  const after = applyFreshness(cells, { kind: "edited", cellId: cells[0].id, previousDefines: ["oldName"] });
  assert.deepEqual(kinds(after), ["outdated: edited since it ran", "outdated: reads oldName, changed in cell 1", "outdated: reads renamed, changed in cell 1", "current"]);
});

test("restart marks every cell not-run", () => {
  const cells = [code("const a = 1;"), code("a", { kind: "outdated", reason: "x" })];
  assert.deepEqual(kinds(applyFreshness(cells, { kind: "restart" })), ["not-run", "not-run"]);
});
