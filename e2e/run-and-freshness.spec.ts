// Issue 2: open the app, edit a cell, run it, see its output; the cell that reads its name turns outdated.
import { expect, test } from "./support/fixtures";
import { cell, focusEditor, runCell, setSource } from "./support/cells";

test.use({ notebook: { cells: [
    { type: "markdown", source: "# Greeting\nA name defined in one cell, read in the next." },
    { source: 'const greeting = "hello";\nconsole.log(greeting);' },
    { source: "greeting.toUpperCase()" },
  ] } });

test("edit, run and see output; a reader of a changed name turns outdated", async ({ app }) => {
  const { page } = app;
  await expect(page.getByTestId("cell")).toHaveCount(3);
  await expect(cell(page, 0).getByTestId("markdown-rendered").locator("h1")).toHaveText("Greeting");
  await expect(cell(page, 1)).toHaveAttribute("data-freshness", "not-run");

  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "done");
  await expect(cell(page, 1).getByTestId("output-stream")).toHaveText("hello\n");
  await expect(cell(page, 1)).toHaveAttribute("data-freshness", "current");
  await expect(cell(page, 1)).toHaveAttribute("data-execution-count", "1");

  await runCell(page, 2);
  await expect(cell(page, 2).getByTestId("output-result")).toContainText("HELLO");
  await expect(cell(page, 2)).toHaveAttribute("data-freshness", "current");

  // Editing the defining cell makes its reader outdated, with the name in the reason.
  await setSource(page, 1, 'const greeting = "bonjour";\nconsole.log(greeting);');
  await expect(cell(page, 2)).toHaveAttribute("data-freshness", "outdated");
  await expect(cell(page, 2).getByTestId("freshness")).toContainText("greeting");

  // Ctrl+Enter runs in place; Shift+Enter runs and moves to the next cell.
  await focusEditor(page, 1);
  await page.keyboard.press("Control+Enter");
  await expect(cell(page, 1).getByTestId("output-stream")).toHaveText("bonjour\n");
  await expect(cell(page, 1)).toHaveAttribute("data-execution-count", "3");
  await focusEditor(page, 2);
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, 2).getByTestId("output-result")).toContainText("BONJOUR");
  await expect(cell(page, 2)).toHaveAttribute("data-freshness", "current");
  // Shift+Enter on the last cell adds a new one below, as Jupyter does.
  await expect(page.getByTestId("cell")).toHaveCount(4);

  // The variables panel lists the kernel's names with their type and defining cell.
  await page.getByTestId("toggle-variables").click();
  const greeting = page.locator('[data-testid="variable-row"][data-name="greeting"]');
  await expect(greeting).toContainText("string");
  await expect(greeting.locator("td").nth(3)).toHaveText("2");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
