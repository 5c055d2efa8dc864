// Issue 2: save, reload the page, reopen: cells and outputs are back.
import { readFileSync } from "node:fs";
import { expect, test } from "./support/fixtures";
import { cell, runCell, setSource } from "./support/cells";

test.use({ notebook: { cells: [{ source: 'console.log("kept " + 6 * 7);' }, { source: "" }] } });

test("a saved notebook comes back with its cells and outputs after a reload and a reopen", async ({ app }) => {
  let { page } = app;
  await setSource(page, 1, "const added = 'second cell';\nadded");
  await runCell(page, 0);
  await runCell(page, 1);
  await expect(cell(page, 0).getByTestId("output-stream")).toHaveText("kept 42\n");
  await expect(cell(page, 1).getByTestId("output-result")).toContainText("second cell");

  await page.getByTestId("save").click();
  await expect(page.getByTestId("doc-title")).not.toContainText("•");
  const onDisk = JSON.parse(readFileSync(app.notebookPath, "utf8"));
  expect(onDisk.cells[1].source.join?.("") ?? onDisk.cells[1].source).toContain("second cell");
  expect(JSON.stringify(onDisk.cells[0].outputs)).toContain("kept 42");

  await page.reload();
  await expect(cell(page, 0).getByTestId("output-stream")).toHaveText("kept 42\n");
  await expect(cell(page, 1).getByTestId("output-result")).toContainText("second cell");

  // A fresh back (new server or app) opening the same file.
  await app.reopen();
  page = app.page;
  await expect(page.getByTestId("cell")).toHaveCount(2);
  await expect(cell(page, 1).locator(".monaco-editor")).toContainText("second cell");
  await expect(cell(page, 0).getByTestId("output-stream")).toHaveText("kept 42\n");
  await expect(cell(page, 1).getByTestId("output-result")).toContainText("second cell");
  // A new kernel: the outputs are kept, but nothing has run in it yet.
  await expect(cell(page, 1)).not.toHaveAttribute("data-freshness", "current");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
