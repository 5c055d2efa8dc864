// Issues 7 and 16: the offline tutorial notebook as shipped, Run All in web mode. Every cell ends
// current; each step's view shows what the tutorial's step produced; the training chart and progress
// bar move while it trains; the bundled pretrained model's perplexity drops by at least a quarter
// with fine-tuning, to at most 200, and fill-mask's top answer is a word. Then blockSize 128 → 64:
// the cells that depend on it turn outdated, and re-running them gives 64-token rows. Screenshots of
// each view are kept.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "./support/fixtures";
import { setSource } from "./support/cells";

const OFFLINE = join(new URL("..", import.meta.url).pathname, "resources/notebooks/offline.ipynb");
const shipped = JSON.parse(readFileSync(OFFLINE, "utf8")) as { cells: { id: string; cell_type: "code" | "markdown"; source: string | string[] }[] };
const isTutorial = shipped.cells.some((c) => c.id === "offline-train");
const pretrainedModel = shipped.cells.some((c) => [c.source].flat().join("").includes('AutoModelForMaskedLM.fromPretrained("roberta-small-docs")'));

test.use({ notebook: { cells: shipped.cells.map((c) => ({ type: c.cell_type, source: Array.isArray(c.source) ? c.source.join("") : c.source })) } });

test("the offline tutorial runs end to end, each step on screen", async ({ app }, testInfo) => {
  test.skip(!isTutorial, "resources/notebooks/offline.ipynb is not the tutorial yet (no offline-train cell): run `npx tsx scripts/build-notebooks/build.ts`");
  // Training a small RoBERTa for 3 epochs on a shared 2-core CPU takes minutes.
  test.setTimeout(20 * 60_000);
  const { page } = app;
  const code = page.locator('[data-testid="cell"][data-cell-type="code"]');
  const step = (n: number) => code.nth(n);
  const shot = (name: string, view: ReturnType<typeof page.locator>) => view.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  // Code cells by their shipped id (the fixture gives them new ids, in the same order).
  const byKey = (key: string) => step(shipped.cells.filter((c) => c.cell_type === "code").findIndex((c) => c.id === `offline-${key}`));
  const [load, flatten, group, collate, trainerCell, evaluateBefore, train, evaluate, fillMask] = ["load", "flatten", "group", "collate", "trainer", "evaluate-before", "train", "evaluate", "fill-mask"].map(byKey);
  const started = Date.now();

  await page.getByTestId("run-all").click();

  // While training runs, the chart gains points and the progress bar moves.
  const training = train.getByTestId("training-view");
  await expect(training).toHaveAttribute("data-status", "running", { timeout: 5 * 60_000 });
  const progress = training.getByTestId("training-progress");
  const stepNow = async () => Number(await progress.getAttribute("aria-valuenow"));
  const pointsNow = async () => Number(await training.getByTestId("loss-chart").getAttribute("data-points"));
  const [step0, points0] = [await stepNow(), await pointsNow()];
  await expect.poll(stepNow, { timeout: 5 * 60_000 }).toBeGreaterThan(step0);
  await expect.poll(pointsNow, { timeout: 10 * 60_000 }).toBeGreaterThan(points0);

  const cells = await code.count();
  for (let i = 0; i < cells; i++) {
    await expect(step(i)).toHaveAttribute("data-cell-phase", "done", { timeout: 15 * 60_000 });
    await expect(step(i)).toHaveAttribute("data-freshness", "current");
  }

  const splits = load.getByTestId("dataset-view").getByTestId("dataset-tab");
  await expect(splits).toHaveCount(2);
  // The rows the shipped load cell takes (train[:N]), split as HF does: test = ceil(0.2 N).
  const loadSource = [shipped.cells.find((c) => c.id === "offline-load")!.source].flat().join("");
  const taken = Number(/train\[:(\d+)\]/.exec(loadSource)![1]);
  const testRows = Math.ceil(0.2 * taken);
  await expect(load.locator('[data-testid="dataset-tab"][data-split="train"]')).toHaveAttribute("data-rows", String(taken - testRows));
  await expect(load.locator('[data-testid="dataset-tab"][data-split="test"]')).toHaveAttribute("data-rows", String(testRows));
  await shot("load-view", load.getByTestId("dataset-view"));
  await expect(flatten.locator('[data-testid="dataset-column"][data-column="answers.text"]')).toHaveCount(1);
  await shot("flatten-view", flatten.getByTestId("dataset-view"));
  await expect(group.locator('[data-testid="dataset-cell"][data-column="input_ids"]').first()).toContainText("128 items");
  await shot("group-view", group.getByTestId("dataset-view"));
  await expect(collate.locator('[data-testid="batch-token"][data-masking="mask"]').first()).toBeVisible();
  await shot("batch-view", collate.getByTestId("batch-view"));
  await expect(training).toHaveAttribute("data-status", "finished");
  await shot("training-view", training);
  // The whole Run All, start to last cell done (the budget: 3 minutes on this 2-core machine).
  testInfo.annotations.push({ type: "run-all seconds", description: ((Date.now() - started) / 1000).toFixed(1) });
  const before = Number(await evaluateBefore.getByTestId("evaluation-view").getAttribute("data-perplexity"));
  const after = evaluate.getByTestId("evaluation-view");
  const perplexity = Number(await after.getAttribute("data-perplexity"));
  expect(Number(await after.getAttribute("data-perplexity-before"))).toBe(before);
  await expect(after.getByTestId("perplexity-before")).toBeVisible();
  expect(perplexity, `perplexity before ${before}, after ${perplexity}`).toBeLessThanOrEqual(0.75 * before);
  await shot("evaluation-view", after);
  await shot("fill-mask-view", fillMask.getByTestId("fill-mask-view"));
  // The tutorial's story proper needs the pretrained model: a perplexity the tutorial would call
  // low, and a word (not punctuation) for the masked one. A model trained from scratch in minutes has neither.
  if (pretrainedModel) {
    expect(perplexity).toBeLessThanOrEqual(200);
    const top = await fillMask.getByTestId("fill-mask-row").first().getAttribute("data-token");
    expect(top ?? "", "fill-mask's top answer is a word").toMatch(/^\s*[A-Za-z]{2,}\s*$/);
  }

  // blockSize 128 → 64: what reads it, directly or through lmDataset, turns outdated.
  const at = shipped.cells.findIndex((c) => c.id === "offline-group");
  const groupSource = [shipped.cells[at].source].flat().join("");
  expect(groupSource).toContain("const blockSize = 128;");
  await setSource(page, at, groupSource.replace("const blockSize = 128;", "const blockSize = 64;"));
  await group.getByTestId("run-cell").click();
  await expect(group.locator('[data-testid="dataset-cell"][data-column="input_ids"]').first()).toContainText("64 items");
  for (const dependent of [collate, trainerCell, train, evaluate]) await expect(dependent).toHaveAttribute("data-freshness", "outdated");
  await collate.getByTestId("run-cell").click();
  await expect(collate.getByTestId("batch-view")).toContainText("× 64");
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
