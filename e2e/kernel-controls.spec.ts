// Interrupt that the cell honours (cooperative: variables kept) and Restart (state cleared, every cell
// not-run), as the toolbar and the notices show them.
import { expect, test } from "./support/fixtures";
import { cell, runCell } from "./support/cells";

test.use({ notebook: { cells: [
  { source: "const kept = 1;" },
  // "looping" once the engine is imported: the interrupt must find the loop, not the import (which can
  // take seconds under load, and is right to end in a restart when it outlasts the 2 s grace).
  { source: `import { throwIfAborted } from "mlm-notebook";\nconsole.log("looping");\nwhile (true) {\nthrowIfAborted();\nawait new Promise((r) => setTimeout(r, 5));\n}` },
  { source: "kept + 1" },
] } });

test("a cooperative interrupt keeps the kernel; Restart clears it and marks every cell not-run", async ({ app }) => {
  const { page } = app;
  await runCell(page, 0);
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "done");
  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "running");
  await expect(cell(page, 1).getByTestId("cell-status")).toContainText("running");
  await expect(cell(page, 1).getByTestId("output-stream")).toContainText("looping");

  await page.getByTestId("interrupt").click();
  await expect(page.locator('[data-testid="notice"][data-interrupt="cooperative"]')).toContainText(/Interrupted/);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "interrupted");
  await expect(page.locator('[data-testid="notice"][data-interrupt="restarted"]')).toHaveCount(0);
  await runCell(page, 2);
  await expect(cell(page, 2).getByTestId("output-result")).toContainText("2");

  await page.getByTestId("restart").click();
  for (const i of [0, 1, 2]) await expect(cell(page, i)).toHaveAttribute("data-freshness", "not-run");
  await expect(page.getByTestId("kernel-status")).toHaveAttribute("data-kernel-status", "idle");
  await runCell(page, 2);
  await expect(cell(page, 2).getByTestId("output-error")).toContainText("kept");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
