// Tokenized and grouped data (issue 7): once a tokenizer is loaded, input_ids / labels come from the
// kernel with their tokens; the "tokens" toggle shows them as chips, grouped blocks mark where a
// text ends inside them (the </s><s> pair), and a clicked cell shows the whole block's tokens.
import { expect, test } from "./support/fixtures";
import { cell } from "./support/cells";

test.use({ notebook: { cells: [
  { source: [
    'import { AutoTokenizer, Dataset } from "mlm-notebook";',
    'const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");',
    'const texts = Array.from({ length: 40 }, (_, i) => "The Milky Way is a spiral galaxy number " + i + ".");',
    "const enc = tok(texts);",
    "const all = enc.input_ids.flat();",
    "const blockSize = 16;",
    "const blocks = Array.from({ length: Math.floor(all.length / blockSize) }, (_, i) => all.slice(i * blockSize, (i + 1) * blockSize));",
    "Dataset.fromDict({ input_ids: blocks, labels: blocks })",
  ].join("\n") },
] } });

test("grouped input_ids show as token chips with block boundaries", async ({ app }, testInfo) => {
  const { page } = app;
  await page.getByTestId("run-all").click();
  await expect(cell(page, 0)).toHaveAttribute("data-cell-phase", "done");
  const view = cell(page, 0).getByTestId("dataset-view");
  const first = view.locator('[data-testid="dataset-cell"][data-column="input_ids"]').first();
  // Off by default: the ids as numbers, the tokens on hover.
  await expect(first).toHaveText(/^\[0, \d+, /);
  await expect(first).toHaveAttribute("title", /^16 tokens: <s> The ·Milky/);
  await view.getByTestId("dataset-tokens-toggle").check();
  await expect(first.getByTestId("token-chip")).toHaveCount(16);
  await expect(first.getByTestId("token-chip").first()).toHaveText("<s>");
  await expect(first.getByTestId("token-count")).toHaveText("16");
  // Somewhere a text ends inside a block: the boundary between </s> and <s> is marked.
  await expect(view.getByTestId("token-boundary").first()).toBeAttached();
  // Rows paged from the kernel (past the preview) carry tokens too.
  await expect(view.locator('[data-testid="dataset-row"][data-row-index="7"] [data-column="labels"] [data-testid="token-chip"]')).toHaveCount(16);
  await first.click();
  await expect(view.getByTestId("inspector-tokens").getByTestId("token-chip")).toHaveCount(16);
  await view.screenshot({ path: testInfo.outputPath("dataset-tokens.png") });
  expect(app.pageErrors).toEqual([]);
});
