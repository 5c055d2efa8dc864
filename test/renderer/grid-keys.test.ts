// The dataset grid's key moves (WAI-ARIA data grid): clamped at the edges, the header row above row 0.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextPosition } from "../../src/renderer/src/views/dataset/grid-keys";

const size = { rows: 100, cols: 4, pageRows: 12 };

test("arrows move one cell and stop at the edges; row -1 is the header", () => {
  assert.deepEqual(nextPosition({ row: 5, col: 2 }, "ArrowDown", false, size), { row: 6, col: 2 });
  assert.deepEqual(nextPosition({ row: 5, col: 2 }, "ArrowUp", false, size), { row: 4, col: 2 });
  assert.deepEqual(nextPosition({ row: 5, col: 2 }, "ArrowLeft", false, size), { row: 5, col: 1 });
  assert.deepEqual(nextPosition({ row: 5, col: 2 }, "ArrowRight", false, size), { row: 5, col: 3 });
  assert.deepEqual(nextPosition({ row: 0, col: 1 }, "ArrowUp", false, size), { row: -1, col: 1 });
  assert.deepEqual(nextPosition({ row: -1, col: 1 }, "ArrowUp", false, size), { row: -1, col: 1 });
  assert.deepEqual(nextPosition({ row: 99, col: 3 }, "ArrowDown", false, size), { row: 99, col: 3 });
  assert.deepEqual(nextPosition({ row: 99, col: 3 }, "ArrowRight", false, size), { row: 99, col: 3 });
  assert.deepEqual(nextPosition({ row: 9, col: 0 }, "ArrowLeft", false, size), { row: 9, col: 0 });
});

test("Home/End, Ctrl+Home/End and PageUp/PageDown; other keys are not the grid's", () => {
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "Home", false, size), { row: 7, col: 0 });
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "End", false, size), { row: 7, col: 3 });
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "Home", true, size), { row: -1, col: 0 });
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "End", true, size), { row: 99, col: 3 });
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "PageDown", false, size), { row: 19, col: 2 });
  assert.deepEqual(nextPosition({ row: 95, col: 2 }, "PageDown", false, size), { row: 99, col: 2 });
  assert.deepEqual(nextPosition({ row: 7, col: 2 }, "PageUp", false, size), { row: -1, col: 2 });
  assert.equal(nextPosition({ row: 7, col: 2 }, "a", false, size), null);
  assert.equal(nextPosition({ row: 7, col: 2 }, "Tab", false, size), null);
});

test("an empty split: only the header row", () => {
  const empty = { rows: 0, cols: 3, pageRows: 12 };
  assert.deepEqual(nextPosition({ row: -1, col: 1 }, "ArrowDown", false, empty), { row: -1, col: 1 });
  assert.deepEqual(nextPosition({ row: -1, col: 1 }, "End", true, empty), { row: -1, col: 2 });
});
