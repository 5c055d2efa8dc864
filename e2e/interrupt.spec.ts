// Issue 2: a cell running `while (true) {}` is stopped by Interrupt, the UI says the kernel restarted,
// and the next cell runs.
import { expect, test } from "./support/fixtures";
import { cell, runCell } from "./support/cells";

test.use({ notebook: { cells: [{ source: "while (true) {}" }, { source: "const answer = 40 + 2;\nanswer" }] } });

test("Interrupt stops an endless loop by restarting the kernel, and the next cell runs", async ({ app }) => {
  const { page } = app;
  await runCell(page, 0);
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "running");
  await expect(page.getByTestId("kernel-status")).toHaveAttribute("data-kernel-status", "busy");

  await page.getByTestId("interrupt").click();
  const notice = page.locator('[data-testid="notice"][data-interrupt="restarted"]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(/restarted/i);
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "interrupted");
  await expect(page.getByTestId("kernel-status")).toHaveAttribute("data-kernel-status", "idle");

  await runCell(page, 1);
  await expect(cell(page, 1).getByTestId("output-result")).toContainText("42");
  await expect(cell(page, 1)).toHaveAttribute("data-freshness", "current");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
