// The dataset table is an ARIA grid (issue 20): found by its roles, one cell focused at a time and
// moved with the arrow keys, Home/End and Ctrl+End (through rows the virtualised table had not
// rendered), Enter opening the focused cell in the inspector.
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

test.use({ notebook: { cells: [
  { source: [
    'import { Dataset } from "mlm-notebook";',
    "const n = 500;",
    'Dataset.fromDict({ id: Array.from({ length: n }, (_, i) => i), text: Array.from({ length: n }, (_, i) => "row " + i), score: Array.from({ length: n }, (_, i) => 1000 + i) })',
  ].join("\n") },
] } });

test("a dataset cell is selected by role and the arrow keys move between cells", async ({ app }) => {
  const { page } = app;
  await page.getByTestId("run-all").click();
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "done");

  const grid = cell(page, 0).getByRole("grid", { name: "dataset rows" });
  await expect(grid).toHaveAttribute("aria-rowcount", "501");
  await expect(grid).toHaveAttribute("aria-colcount", "4");
  await expect(grid.getByRole("columnheader")).toHaveText(["#", /^id/, /^text/, /^score/]);

  const gridcell = (name: string) => grid.getByRole("gridcell", { name, exact: true });
  await gridcell("row 3").click();
  await expect(gridcell("row 3")).toBeFocused();
  await expect(gridcell("row 3")).toHaveAttribute("tabindex", "0");

  await page.keyboard.press("ArrowDown");
  await expect(gridcell("row 4")).toBeFocused();
  await expect(gridcell("row 3")).toHaveAttribute("tabindex", "-1");
  await page.keyboard.press("ArrowRight");
  await expect(gridcell("1004")).toBeFocused();
  await page.keyboard.press("ArrowRight"); // the last column: it stays
  await expect(gridcell("1004")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(gridcell("4")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(gridcell("3")).toBeFocused();
  await expect(grid.getByRole("row").filter({ has: page.locator(":focus") })).toHaveAttribute("aria-rowindex", "5");

  // Home goes to the row number, End to the last column; Ctrl+End to the last row, 500 rows down.
  await page.keyboard.press("Home");
  await expect(grid.getByRole("rowheader", { name: "3", exact: true })).toBeFocused();
  await page.keyboard.press("Control+End");
  await expect(gridcell("1499")).toBeFocused();
  await expect(grid.getByRole("row").filter({ has: page.locator(":focus") })).toHaveAttribute("aria-rowindex", "501");
  await page.keyboard.press("ArrowLeft");
  await expect(gridcell("row 499")).toBeFocused();

  // Enter opens the focused cell, as a click would.
  await page.keyboard.press("Enter");
  await expect(cell(page, 0).getByTestId("value-inspector")).toContainText("row 499 · text");
  // Up from the first row reaches the header.
  await page.keyboard.press("Control+Home");
  await expect(grid.getByRole("columnheader", { name: "row", exact: true })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("columnheader", { name: /^id/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(gridcell("0")).toBeFocused();
  expect(app.pageErrors).toEqual([]);
});
