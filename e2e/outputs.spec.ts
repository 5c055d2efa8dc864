// Outputs render by MIME type through the view registry: HTML sanitized, PNG as an image, progress as
// a bar, and a type no view knows as text rather than nothing.
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

const PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

test.use({ notebook: { cells: [
  { source: `import { display, startProgress } from "mlm-notebook";\ndisplay({ "text/html": "<b id='bold' onclick=\\"document.title='pwned'\\">bold</b><script>document.title='pwned'</script>" });` },
  { source: `display({ "image/png": "${PNG_1X1}" });` },
  { source: `display({ "application/x-unknown+json": "shown as text" });` },
  { source: `const steps = startProgress("steps", 5, "step", 0);\nfor (let i = 0; i < 5; i++) steps.advance();\nsteps.finish();` },
] } });

test("outputs show through the view for their MIME type", async ({ app }) => {
  const { page } = app;
  await page.getByTestId("run-all").click();
  await expect(cell(page, 3)).toHaveAttribute("data-cell-phase", "done");

  const html = cell(page, 0).getByTestId("output-html");
  await expect(html.locator("b#bold")).toHaveText("bold");
  await expect(html.locator("script")).toHaveCount(0);
  expect(await html.locator("b#bold").getAttribute("onclick")).toBeNull();
  await html.locator("b#bold").click();
  expect(await page.title()).toBe("MLM Notebook");

  const image = cell(page, 1).getByTestId("output-image");
  await expect(image).toBeVisible();
  expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);

  await expect(cell(page, 2).locator('[data-mime="application/x-unknown+json"]')).toContainText("shown as text");

  const progress = cell(page, 3).getByTestId("progress-view");
  await expect(progress).toHaveCount(1);
  await expect(progress).toHaveAttribute("data-done", "5");
  await expect(progress).toHaveAttribute("data-total", "5");
  await expect(progress).toHaveAttribute("data-finished", "true");
  await expect(progress).toContainText("5/5 step");
  expect(app.pageErrors).toEqual([]);
  // Chromium reports the handler in the hostile HTML as blocked while DOMPurify parses it: the CSP
  // holds even before sanitizing. Nothing else may be blocked.
  expect(app.cspViolations.filter((v) => !v.startsWith("Executing inline event handler"))).toEqual([]);
});
