// The batch and fill-mask views (issue 7) with the real engine: the bundled tokenizer, the collator's
// own masking, and fill-mask on a small randomly initialised RoBERTa (so the scores are real, if untrained).
import { join } from "node:path";
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

const TOKENIZER = join(new URL("..", import.meta.url).pathname, "resources/tokenizers/roberta-base-tokenizer");

test.use({ notebook: { cells: [
  { source: [
    'import { AutoTokenizer, DataCollatorForLanguageModeling, RobertaConfig, RobertaForMaskedLM, pipeline, ready } from "mlm-notebook";',
    `const tok = await AutoTokenizer.fromPretrained(${JSON.stringify(TOKENIZER)});`,
    'const enc = tok(["The Milky Way is a spiral galaxy.", "Masked language models fill in the blanks of a text."]);',
    "const rows = enc.input_ids.map((ids, i) => ({ input_ids: ids, attention_mask: enc.attention_mask[i] }));",
    "const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.5, seed: 3 });",
    "collator.preview(rows)",
  ].join("\n") },
  { source: [
    // fromConfig draws its weights at once: the backend must be chosen first.
    "await ready();",
    "const config = new RobertaConfig({ vocabSize: tok.vocabSize, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: 66 });",
    "const fill = await pipeline(\"fill-mask\", RobertaForMaskedLM.fromConfig(config), { tokenizer: tok, topK: 5 });",
    'await fill("The Milky Way is a <mask> galaxy.")',
  ].join("\n") },
] } });

test("a collated batch marks its masked tokens, and fill-mask shows top tokens with scores", async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByTestId("run-all").click();
  await expect(cell(page, 1)).toHaveAttribute("data-cell-phase", "done", { timeout: 60_000 });

  const batch = cell(page, 0).getByTestId("batch-view");
  await expect(batch.getByTestId("batch-sequence")).toHaveCount(2);
  const counts = Object.fromEntries(await Promise.all(["selected", "mask", "random", "kept"].map(async (k) => [k, Number(await batch.getAttribute(`data-${k}`))])));
  expect(counts.selected).toBeGreaterThan(0);
  expect(counts.mask + counts.random + counts.kept).toBe(counts.selected);
  // Every selected position is marked, with what the collator did there.
  for (const action of ["mask", "random", "kept"]) {
    await expect(batch.locator(`[data-testid="batch-token"][data-masking="${action}"]`)).toHaveCount(counts[action]);
  }
  await expect(batch.getByTestId("batch-sequence").first()).toContainText("Milky");
  await batch.screenshot({ path: testInfo.outputPath("batch-view.png") });

  const fill = cell(page, 1).getByTestId("fill-mask-view");
  await expect(fill.getByTestId("fill-mask-row")).toHaveCount(5);
  const scores = await Promise.all((await fill.getByTestId("fill-mask-row").all()).map(async (r) => Number(await r.getAttribute("data-score"))));
  expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  await fill.screenshot({ path: testInfo.outputPath("fill-mask-view.png") });
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
