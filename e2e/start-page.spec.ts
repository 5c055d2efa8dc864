// The start page (issue 7): a blank document offers the notebook templates as cards, like File → New;
// the toolbar's Start button shows it again over any document.
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

test("a blank notebook shows the templates as cards; a card opens its notebook", async ({ app }, testInfo) => {
  const { page } = app;
  const start = page.getByTestId("start-page");
  await expect(start).toBeVisible();
  await expect(start.locator('[data-testid="start-template"][data-template="offline"]')).toContainText("offline");
  await expect(start.locator('[data-testid="start-template"][data-template="hub"]')).toBeVisible();
  await start.screenshot({ path: testInfo.outputPath("start-page.png") });
  await start.locator('[data-testid="start-template"][data-template="offline"]').click();
  await expect(start).toHaveCount(0);
  await expect(page.getByTestId("cell")).not.toHaveCount(1);
  await expect(page.getByTestId("doc-title")).not.toBeEmpty();
  // Start shows it again over a notebook with content; ✕ closes it.
  await page.getByTestId("start").click();
  await expect(start).toBeVisible();
  await start.getByTestId("start-close").click();
  await expect(start).toHaveCount(0);
  await expect(cell(page, 0)).toBeVisible();
  expect(app.pageErrors).toEqual([]);
});
