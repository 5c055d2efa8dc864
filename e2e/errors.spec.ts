// Issue 2: a cell with a syntax error and one that throws: the error names the cell line; the kernel
// keeps running (the next cell runs in the same kernel, names defined before are still there).
import { expect, test } from "./support/fixtures";
import { cell, runCell } from "./support/cells";

test.use({ notebook: { cells: [
    { source: "const before = 7;" },
    { source: "const a = 1;\nconst b = ;" },
    { source: "const x = 1;\n\nthrow new Error(\"boom\");" },
    { source: "before * 6" },
  ] } });

test("syntax and runtime errors name the cell line, and the kernel keeps its state", async ({ app }) => {
  const { page } = app;
  await runCell(page, 0);
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "done");

  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "error");
  await expect(cell(page, 1).getByTestId("output-error")).toContainText("SyntaxError");
  await expect(cell(page, 1).getByTestId("output-error")).toContainText("line 2");

  await runCell(page, 2);
  await expect(cell(page, 2)).toHaveAttribute("data-cell-phase", "error");
  await expect(cell(page, 2).getByTestId("output-error")).toContainText("boom");
  await expect(cell(page, 2).getByTestId("output-error")).toContainText("line 3");
  // The editor underlines the line the error names.
  await expect(cell(page, 2).locator(".squiggly-error")).toHaveCount(1);

  await runCell(page, 3);
  await expect(cell(page, 3).getByTestId("output-result")).toContainText("42");
  await expect(page.getByTestId("kernel-status")).toHaveAttribute("data-kernel-status", "idle");
  // No restart happened: the kernel that failed twice is the one that answered.
  await expect(page.locator('[data-testid="notice"][data-interrupt="restarted"]')).toHaveCount(0);
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
