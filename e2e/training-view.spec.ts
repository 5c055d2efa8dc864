// The training and evaluation views (issue 7), fed through the kernel's display pipeline with the
// engine's bundle shapes: the chart gains points while a run is live, and perplexity shows large.
// (The real Trainer drives the same views once a model is in the engine; see the tutorial notebook spec.)
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

const LIVE_RUN = `import { display } from "mlm-notebook";
const history: Record<string, number>[] = [];
const started = Date.now();
for (let step = 1; step <= 40; step++) {
  history.push({ loss: 3 - step * 0.02 + (step % 3) * 0.05, learning_rate: 2e-5 * (1 - step / 40), epoch: step / 20, step });
  if (step % 20 === 0) history.push({ eval_loss: 2.8 - step * 0.01, epoch: step / 20, step });
  const view = { status: step < 40 ? "running" : "finished", message: null, globalStep: step, maxSteps: 40, epoch: step / 20, numTrainEpochs: 2,
    logHistory: history, evalResults: history.filter((e) => "eval_loss" in e), tokensPerSecond: 1234, etaMs: (40 - step) * 50,
    elapsedMs: Date.now() - started, backend: { backend: "cpu", reason: "forced for the test" }, outputDir: "out", lastCheckpoint: null };
  display({ "application/vnd.mlm-notebook.training+json": view, "text/plain": "step " + step }, { displayId: "run" });
  await new Promise((r) => setTimeout(r, 200));
}`;

test.use({ notebook: { cells: [
  { source: LIVE_RUN },
  { source: `display({ "application/vnd.mlm-notebook.evaluation+json": { eval_loss: Math.log(8.5), perplexity: 8.5, eval_runtime: 1.25, eval_samples_per_second: 80 }, "text/plain": "eval" });` },
] } });

test("the training view updates in place as a run goes, and the evaluation shows perplexity", async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByTestId("run-all").click();
  const view = cell(page, 0).getByTestId("training-view");
  await expect(view).toHaveAttribute("data-status", "running");
  const pointsNow = async () => Number(await view.getByTestId("loss-chart").getAttribute("data-points"));
  const early = await pointsNow();
  await expect.poll(pointsNow).toBeGreaterThan(early);
  await expect(view).toHaveAttribute("data-status", "finished");
  // One view, replaced in place (display id), not one per update.
  await expect(cell(page, 0).getByTestId("training-view")).toHaveCount(1);
  await expect(view.getByTestId("training-progress")).toHaveAttribute("aria-valuenow", "40");
  await expect(view).toContainText("step 40/40");
  await expect(view.getByTestId("training-backend")).toContainText("cpu");
  await expect(view.locator(".recharts-line")).not.toHaveCount(0);

  const download = page.waitForEvent("download");
  await view.getByTestId("export-csv").click();
  const csv = await (await download).createReadStream();
  const text = await new Promise<string>((resolve) => { let s = ""; csv.on("data", (d) => (s += d)); csv.on("end", () => resolve(s)); });
  expect(text.split("\n")[0]).toBe("loss,learning_rate,epoch,step,eval_loss");
  expect(text.trim().split("\n")).toHaveLength(1 + 40 + 2);

  await view.screenshot({ path: testInfo.outputPath("training-view.png") });
  await expect(cell(page, 1).getByTestId("perplexity")).toHaveText("8.50");
  await cell(page, 1).getByTestId("evaluation-view").screenshot({ path: testInfo.outputPath("evaluation-view.png") });
  await expect(cell(page, 1).getByTestId("evaluation-view")).toContainText("eval_loss");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
