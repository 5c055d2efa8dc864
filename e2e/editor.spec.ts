// The cell editor: the engine's types are loaded (completions for "mlm-notebook"), and the page and
// Monaco follow the OS's light or dark preference.
import { expect, test } from "./support/fixtures";
import { cell, setSource } from "./support/cells";

test.use({ notebook: { cells: [{ source: "" }] } });

test("completions list the engine's exports for imports from mlm-notebook", async ({ app }) => {
  const { page } = app;
  await setSource(page, 0, 'import { thr } from "mlm-notebook";');
  // Put the caret after "thr" and ask for completions.
  await page.keyboard.press("Home");
  for (let i = 0; i < "import { thr".length; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Control+Space");
  const suggestions = page.locator(".suggest-widget .monaco-list-row");
  await expect(suggestions.filter({ hasText: "throwIfAborted" })).toBeVisible();
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});

test("payload types the engine takes from src/api complete too (notebookLogin's LoginView)", async ({ app }) => {
  const { page } = app;
  await setSource(page, 0, 'import { notebookLogin } from "mlm-notebook";\nconst view = await notebookLogin();\nview.');
  await page.keyboard.press("Control+Space");
  const suggestions = page.locator(".suggest-widget .monaco-list-row");
  await expect(suggestions.filter({ hasText: "loggedIn" })).toBeVisible();
  await expect(suggestions.filter({ hasText: "hubUrl" })).toBeVisible();
  expect(app.pageErrors).toEqual([]);
});

test("the page and the editor follow the OS colour scheme", async ({ app }) => {
  const { page } = app;
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(cell(page, 0).locator(".monaco-editor")).toHaveClass(/vs-dark/);
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(13, 17, 23)");
  await page.emulateMedia({ colorScheme: "light" });
  await expect(cell(page, 0).locator(".monaco-editor")).not.toHaveClass(/vs-dark/);
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(255, 255, 255)");
});
