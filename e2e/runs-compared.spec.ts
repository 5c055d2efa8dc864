// Issue 21: runs compared side by side. Train a tiny RoBERTa twice with different learning rates: the
// second run's chart also draws the first (its own colour, a legend naming the learning rate), the
// runs table lists both with the differing rate; after a reload both are still there, the saved
// .ipynb keeps them as notebook metadata, a run's cells read as they were, and hiding a run takes it
// off the chart. The loss chart's y labels never repeat, and it has a log scale.
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { cell, runCell, setSource } from "./support/cells";

const DATA = `import { RobertaConfig } from "mlm-notebook";
const rows = Array.from({ length: 16 }, (_, i) => {
  const ids = [0, ...Array.from({ length: 6 }, (_, j) => 4 + ((i * 3 + j) % 24)), 2];
  return { input_ids: ids, attention_mask: ids.map(() => 1), labels: ids.map((id, j) => (j % 3 === 1 ? id : -100)) };
});
const data = { numRows: rows.length, row: (i: number) => rows[i] };
const config = new RobertaConfig({ vocabSize: 32, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 16 });`;

const TRAIN = `import { RobertaForMaskedLM, Trainer } from "mlm-notebook";
const trainer = new Trainer({
  model: RobertaForMaskedLM.fromConfig(config, { seed: 1 }),
  args: { outputDir: "runs-out", learningRate, numTrainEpochs: 2, perDeviceTrainBatchSize: 4, loggingSteps: 1, saveStrategy: "no", evalStrategy: "epoch" },
  trainDataset: data,
  evalDataset: data,
});
await trainer.train();`;

test.use({ notebook: { cells: [{ source: DATA }, { source: "const learningRate = 1e-3;" }, { source: TRAIN }] } });

const view = (page: Page) => cell(page, 2).getByTestId("training-view");
const lossSeries = (page: Page) => view(page).getByTestId("loss-chart").getByTestId("chart-series");

async function expectBothRuns(page: Page): Promise<void> {
  const table = view(page).getByTestId("runs-table");
  await expect(table.getByTestId("run-row")).toHaveCount(2);
  await expect(table.locator('[data-testid="runs-sort"][data-column="learningRate"]')).toBeVisible();
  await expect(table.locator('[data-testid="run-param"][data-param="learningRate"]')).toHaveText(["0.001", "0.01"]);
  await expect(table.getByTestId("run-eval-loss").first()).toHaveText(/^\d+\.\d{4}$/);
  // Both curves on one chart: the first run's, and this (second) run's, each named by its rate.
  await expect(lossSeries(page).filter({ hasText: "run 1 · learningRate 0.001 loss" })).toHaveCount(1);
  await expect(lossSeries(page).filter({ hasText: /^run 2 · learningRate 0.01 loss/ })).not.toHaveCount(0);
  await expect(view(page).getByTestId("loss-chart").locator(".recharts-line path.recharts-curve")).not.toHaveCount(0);
  expect(await view(page).getByTestId("loss-chart").locator(".recharts-line").count()).toBeGreaterThanOrEqual(4);
}

test("two runs with different learning rates are compared on one chart and in the runs table, and survive a reload", async ({ app }, testInfo) => {
  let { page } = app;
  await page.getByTestId("run-all").click();
  await expect(view(page)).toHaveAttribute("data-status", "finished", { timeout: 60_000 });
  await expect(view(page).getByTestId("run-row")).toHaveCount(1);

  await setSource(page, 1, "const learningRate = 1e-2;");
  await runCell(page, 1);
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "done");
  await runCell(page, 2);
  await expect(view(page).getByTestId("run-row")).toHaveCount(2, { timeout: 60_000 });
  await expect(view(page)).toHaveAttribute("data-status", "finished");
  await expectBothRuns(page);

  // The y labels read cleanly (none printed twice); the log scale is one click away.
  // Recharts 3 draws tick labels in a layer of their own: the y axis's are those anchored at the end (left axis).
  const yLabels = view(page).getByTestId("loss-chart").locator('text.recharts-cartesian-axis-tick-value[text-anchor="end"]');
  await expect.poll(() => yLabels.count()).toBeGreaterThanOrEqual(2);
  const texts = await yLabels.allTextContents();
  expect(new Set(texts).size).toBe(texts.length);
  await view(page).getByTestId("log-scale").check();
  await expect(view(page).getByTestId("loss-chart")).toHaveAttribute("data-scale", "log");
  const logTexts = await yLabels.allTextContents();
  expect(new Set(logTexts).size).toBe(logTexts.length);
  await view(page).screenshot({ path: testInfo.outputPath("runs-compared.png") });

  // Saved as notebook metadata: plain JSON that Jupyter keeps.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("doc-title")).not.toContainText("•");
  const saved = JSON.parse(readFileSync(app.notebookPath, "utf8")) as { metadata: { mlm_notebook?: { runs?: { args: { learningRate: number } }[] } } };
  expect(saved.metadata.mlm_notebook?.runs?.map((r) => r.args.learningRate)).toEqual([1e-3, 1e-2]);

  await page.reload();
  page = app.page;
  await expectBothRuns(page);

  // A run's cells as they were: the first ran with 1e-3.
  const first = view(page).locator('[data-testid="run-row"]').first();
  await first.getByTestId("run-cells").click();
  await expect(view(page).getByTestId("run-cell-source").filter({ hasText: "const learningRate = 1e-3;" })).toHaveCount(1);
  // …and can be brought back as a cell to run again.
  const added = view(page).locator(".run-cell").filter({ hasText: "const learningRate = 1e-3;" }).getByTestId("run-cell-add");
  await added.click();
  await expect(page.getByTestId("cell")).toHaveCount(4);
  await expect(cell(page, 3).locator(".monaco-editor")).toContainText("const learningRate = 1e-3;");
  // Hidden, the first run leaves the chart but stays in the table.
  // (The box shows the notebook's state: it turns off once the back has kept the change.)
  await first.getByTestId("run-shown").click();
  await expect(first.getByTestId("run-shown")).not.toBeChecked();
  await expect(first).toHaveAttribute("data-hidden", "true");
  await expect(lossSeries(page).filter({ hasText: "run 1" })).toHaveCount(0);
  await expect(view(page).getByTestId("run-row")).toHaveCount(2);

  // A fresh back (new server) opening the saved file: the runs came back with it.
  await page.getByTestId("save").click();
  await expect(page.getByTestId("doc-title")).not.toContainText("•");
  await app.reopen();
  page = app.page;
  await expect(view(page).getByTestId("run-row")).toHaveCount(2);
  await expect(view(page).locator('[data-testid="run-param"][data-param="learningRate"]')).toHaveText(["0.001", "0.01"]);
  await expect(view(page).locator('[data-testid="run-row"]').first()).toHaveAttribute("data-hidden", "true");

  // Sorted by the learning rate, highest first; then the 1e-2 run deleted (after a confirming click).
  const rates = view(page).locator('[data-testid="run-param"][data-param="learningRate"]');
  const byRate = view(page).locator('[data-testid="runs-sort"][data-column="learningRate"]');
  await byRate.click();
  await expect(rates).toHaveText(["0.001", "0.01"]);
  await byRate.click();
  await expect(rates).toHaveText(["0.01", "0.001"]);
  await view(page).getByTestId("run-row").first().getByTestId("run-delete").click();
  await view(page).getByTestId("run-row").first().getByTestId("run-delete-confirm").click();
  await expect(view(page).getByTestId("run-row")).toHaveCount(1);
  await expect(view(page).getByTestId("run-row")).toContainText("run 1");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
