// Markdown cells: rendered (sanitized), double-click to edit, Shift+Enter renders again; the edit
// reaches the back, so a reload shows it.
import { expect, test } from "./support/fixtures";
import { cell, setSource } from "./support/cells";

test.use({ notebook: { cells: [{ type: "markdown", source: "Some *emphasis* <script>document.title='pwned'</script>" }, { source: "1" }] } });

test("a markdown cell renders, edits on double-click, and keeps the edit", async ({ app }) => {
  const { page } = app;
  const rendered = cell(page, 0).getByTestId("markdown-rendered");
  await expect(rendered.locator("em")).toHaveText("emphasis");
  await expect(rendered.locator("script")).toHaveCount(0);

  await rendered.dblclick();
  await expect(cell(page, 0).getByTestId("cell-editor")).toBeVisible();
  await setSource(page, 0, "## Edited heading");
  await page.keyboard.press("Shift+Enter");
  await expect(cell(page, 0).getByTestId("markdown-rendered").locator("h2")).toHaveText("Edited heading");

  await page.reload();
  await expect(cell(page, 0).getByTestId("markdown-rendered").locator("h2")).toHaveText("Edited heading");
  expect(await page.title()).toBe("MLM Notebook");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
