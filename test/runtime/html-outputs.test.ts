// Every output view also carries text/html for viewers outside the app (JupyterLab, GitHub,
// nbconvert): the real engine's bundles, saved in a .ipynb, read back and parsed by Python's HTML
// parser, show a table with the dataset's columns and an SVG path for the loss, and nothing unsafe;
// in the app, our own MIME types still win over that HTML, and each one's data passes the guard the
// window reads it through (src/api).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import {
  fillMaskPayloads, isBatchView, isDatasetPayload, isEvaluationView, isLoginView, isProgressReport, isTrainingView, MIME, type Output,
} from "../../src/api/index";
import { ready } from "../../src/engine/backend/index";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { notebookLogin } from "../../src/engine/hub/index";
import { Dataset } from "../../src/engine/datasets/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { pipeline } from "../../src/engine/pipelines/index";
import { type MimeBundle, REPR_MIMEBUNDLE, setDisplaySink, type Displayable } from "../../src/engine/runtime/display";
import { HTML_LIMIT } from "../../src/engine/runtime/html";
import { setProgressSink, startProgress, type ProgressReport } from "../../src/engine/runtime/progress";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { Trainer, TrainingArguments } from "../../src/engine/training/index";
import { newCell } from "../../src/notebook/cells";
import { parseIpynb, serializeIpynb } from "../../src/notebook/ipynb";
import { progressHtml } from "../../src/notebook/progress-html";
import { progressLine } from "../../src/notebook/progress-text";
import { pickMime } from "../../src/renderer/src/views/order";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

interface Parsed {
  errors: string[];
  unsafe: string[];
  headers: string[];
  paths: Record<string, string>[];
  tags: Record<string, number>;
}

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
const bundles: Record<string, MimeBundle> = {};
/** notebookLogin's view: no text/html (the window draws a form), so not among `bundles`. */
let loginBundle: MimeBundle;
let tok: Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;

before(async () => {
  await ready();
  tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const ds = Dataset.fromDict({
    title: Array.from({ length: 20 }, (_, i) => `Why is the sky blue? ${HOSTILE} ${i}`),
    score: Array.from({ length: 20 }, (_, i) => i / 3),
    answers: Array.from({ length: 20 }, (_, i) => ({ text: [`Because of Rayleigh scattering (${i}). `.repeat(40)] })),
  });
  bundles.dataset = (ds.trainTestSplit({ testSize: 0.2, seed: 42 }) as unknown as Displayable)[REPR_MIMEBUNDLE]("v1");

  const rows = Array.from({ length: 16 }, (_, i) => ({ input_ids: tok.encode(`The sky is blue because of scattering, row ${i}.`).slice(0, 16) }));
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.15, seed: 0 });
  const batch = collator(rows.slice(0, 4));
  bundles.batch = (batch as unknown as Displayable)[REPR_MIMEBUNDLE]("v2");
  tf.dispose(batch as unknown as tf.Tensor[]);

  const config = new RobertaConfig({ vocabSize: tok.vocabSize, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 34, typeVocabSize: 1, layerNormEps: 1e-5 });
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
  const shown: MimeBundle[] = [];
  setDisplaySink((bundle) => shown.push(bundle));
  const reports: ProgressReport[] = [];
  setProgressSink((r) => reports.push(r));
  try {
    const args = new TrainingArguments({ outputDir: mkdtempSync(join(tmpdir(), "mlm-html-")), maxSteps: 4, loggingSteps: 1, evalStrategy: "steps", evalSteps: 2, saveStrategy: "no", perDeviceTrainBatchSize: 4, learningRate: 1e-3 });
    const trainer = new Trainer({ model, args, trainDataset: Dataset.fromList(rows), evalDataset: Dataset.fromList(rows.slice(0, 8)), dataCollator: collator });
    await trainer.evaluate();
    await trainer.train();
    await trainer.evaluate();
    const p = startProgress("tokenize <b>", 10, "ex");
    p.advance(4);
    p.finish();
    // A Hub that is not there: with no token no request is made, with one its check fails; a view either way.
    await notebookLogin({ hubUrl: "http://127.0.0.1:9" });
  } finally {
    setDisplaySink(null);
    setProgressSink(null);
  }
  bundles.training = shown.filter((b) => "application/vnd.mlm-notebook.training+json" in b).at(-1)!;
  bundles.evaluation = shown.filter((b) => "application/vnd.mlm-notebook.evaluation+json" in b).at(-1)!;
  loginBundle = shown.find((b) => MIME.login in b)!;
  const last = reports.at(-1)!;
  // As the kernel builds it (src/kernel/kernel.ts).
  bundles.progress = { "application/vnd.mlm-notebook.progress+json": last, "text/html": progressHtml(last), "text/plain": progressLine(last) };

  const fill = await pipeline("fill-mask", model, { tokenizer: tok });
  bundles.fillMask = ((await fill(["The sky is <mask>.", `A <b>"x"</b> & <mask> and a <mask>.`], { topK: 3 })) as unknown as Displayable)[REPR_MIMEBUNDLE]("v3");
});

/** The bundles as a saved notebook's outputs, read back from the file. */
function savedHtml(): Record<string, string> {
  const cell = newCell("code", "");
  cell.outputs = Object.values(bundles).map((data): Output => ({ output_type: "display_data", data, metadata: {} }));
  const file = serializeIpynb({ path: null, title: "t", dirty: false, metadata: {}, cells: [cell] });
  const json = JSON.parse(file) as { cells: { outputs: { data: Record<string, unknown> }[] }[] };
  assert.ok(json.cells[0].outputs.every((o) => Array.isArray(o.data["text/html"]) && Array.isArray(o.data["text/plain"])), "text/html and text/plain are nbformat multiline strings");
  const back = parseIpynb(file, null).cells[0].outputs as Extract<Output, { output_type: "display_data" }>[];
  return Object.fromEntries(Object.keys(bundles).map((name, i) => [name, back[i].data["text/html"] as string]));
}

function parse(fragments: string[]): Parsed[] {
  const r = spawnSync("/usr/bin/python3", [join(import.meta.dirname, "html-check.py")], { input: JSON.stringify(fragments), encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Parsed[];
}

test("each view's HTML survives the .ipynb, parses well-formed, is small and has nothing unsafe", () => {
  const html = savedHtml();
  const names = Object.keys(html);
  assert.deepEqual(names, ["dataset", "batch", "training", "evaluation", "progress", "fillMask"]);
  const parsed = parse(names.map((n) => html[n]));
  names.forEach((name, i) => {
    assert.equal(typeof html[name], "string", `${name} has text/html`);
    assert.ok(html[name].length <= HTML_LIMIT, `${name}'s HTML is ${html[name].length} characters`);
    assert.deepEqual(parsed[i].errors, [], `${name}'s HTML nests badly`);
    assert.deepEqual(parsed[i].unsafe, [], `${name}'s HTML has unsafe parts`);
  });
  assert.ok(!html.dataset.includes("<script>") && html.dataset.includes("&lt;script&gt;"), "cell text is escaped");
  assert.ok(html.fillMask.includes("A &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &lt;mask&gt;"), "fill-mask text is escaped");
  assert.ok(html.progress.includes("tokenize &lt;b&gt;"));
});

test("the dataset is a table with its columns and row counts; the loss and eval_loss are SVG paths", () => {
  const html = savedHtml();
  const [dataset, training, evaluation] = parse([html.dataset, html.training, html.evaluation]);
  const columns = dataset.headers.map((h) => h.split(/\s+/)[0]);
  assert.deepEqual(columns, ["title", "score", "answers", "title", "score", "answers"], "one table per split, with the dataset's columns");
  assert.match(html.dataset, /train: 16 rows × 3 columns, the first 5 shown/);
  assert.match(html.dataset, /test: 4 rows × 3 columns/);
  assert.ok(html.dataset.length < 40_000, "long cells are clipped");
  const loss = training.paths.find((p) => p["data-series"] === "loss");
  assert.ok(loss, "a path for the loss");
  assert.equal(loss.d.match(/[ML]/g)?.length, 4, "one point per step");
  assert.ok(training.paths.some((p) => p["data-series"] === "eval_loss"), "a path for the eval loss");
  assert.ok(training.headers.includes("perplexity"));
  assert.match(html.training, /Training finished: step 4\/4/);
  assert.deepEqual(evaluation.headers, ["", "step", "eval_loss", "perplexity"]);
  assert.match(html.evaluation, /<td[^>]*>before<\/td><td[^>]*>0<\/td>/, "the evaluation before fine-tuning beside the one after");
  assert.match(html.evaluation, /perplexity ×\d+\.\d\d since step 0/);
});

test("the batch marks its masked positions; fill-mask draws a bar per prediction", () => {
  const html = savedHtml();
  const selected = (bundles.batch["application/vnd.mlm-notebook.batch+json"] as { counts: { selected: number } }).counts.selected;
  assert.ok(selected > 0);
  assert.equal(html.batch.match(/title="position \d+: /g)?.length, selected, "one mark per selected position");
  assert.match(html.fillMask, /The sky is &lt;mask&gt;\./);
  assert.match(html.fillMask, /mask 2/, "the second text's two masks each have a list");
  assert.equal(html.fillMask.match(/<div title="/g)?.length, 3 * 3, "three predictions per mask, three masks");
});

test("big values stay under the size limit: wide datasets of long cells, a batch of long sequences", () => {
  const wide = Dataset.fromDict(Object.fromEntries(Array.from({ length: 60 }, (_, c) => [`column_${c}`, Array.from({ length: 10 }, () => "&<>".repeat(5000))])));
  const html = (wide.trainTestSplit({ testSize: 0.5, seed: 0 }) as unknown as Displayable)[REPR_MIMEBUNDLE]("v4")["text/html"] as string;
  assert.ok(html.length <= HTML_LIMIT, `dataset HTML is ${html.length} characters`);
  assert.match(html, /train: 5 rows × 60 columns, the first \d shown/);
  const rows = Array.from({ length: 32 }, (_, i) => ({ input_ids: [0, ...Array.from({ length: 510 }, (_, j) => 4 + ((i * 31 + j * 7) % 40000)), 2] }));
  const batch = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.15, seed: 1 })(rows);
  const batchHtml = (batch as unknown as Displayable)[REPR_MIMEBUNDLE]("v5")["text/html"] as string;
  tf.dispose(batch as unknown as tf.Tensor[]);
  assert.ok(batchHtml.length <= HTML_LIMIT, `batch HTML is ${batchHtml.length} characters`);
  assert.match(batchHtml, /\d+ more sequences not shown/);
  assert.deepEqual(parse([html, batchHtml]).map((p) => p.errors), [[], []]);
});

test("in the app, each view's own MIME type still wins over its text/html", () => {
  for (const [name, bundle] of Object.entries(bundles)) {
    const custom = Object.keys(bundle).find((m) => m.startsWith("application/vnd.mlm-notebook."));
    assert.equal(pickMime(bundle), custom, name);
  }
  assert.equal(pickMime({ "text/html": "<b>x</b>", "text/plain": "x" }), "text/html", "plain HTML from a cell still shows as HTML");
});

test("each view's data passes the src/api guard the window reads it through, and no other view's guard", () => {
  const views: [string, MimeBundle, string, (d: unknown) => boolean][] = [
    ["dataset", bundles.dataset, MIME.dataset, isDatasetPayload],
    ["batch", bundles.batch, MIME.batch, isBatchView],
    ["training", bundles.training, MIME.training, isTrainingView],
    ["evaluation", bundles.evaluation, MIME.evaluation, isEvaluationView],
    ["progress", bundles.progress, MIME.progress, isProgressReport],
    ["fillMask", bundles.fillMask, MIME.fillMask, (d) => fillMaskPayloads(d) !== null],
    ["login", loginBundle, MIME.login, isLoginView],
  ];
  for (const [name, bundle, mime, guard] of views) {
    const data = bundle[mime];
    assert.ok(guard(data), `${name}: the engine's payload passes its guard`);
    for (const [other, , , otherGuard] of views) if (other !== name) assert.ok(!otherGuard(data), `${name}'s payload is not taken for ${other}'s`);
  }
  for (const [name, , , guard] of views) for (const junk of [null, "text", 3, {}, []]) assert.ok(!guard(junk), `${name}'s guard refuses ${JSON.stringify(junk)}`);
});
