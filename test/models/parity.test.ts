// The tfjs RobertaForMaskedLM against the plain-PyTorch reference (scripts/reference), on the
// committed tiny fixture written by scripts/reference/make_tiny_roberta.py.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");

interface Expected {
  logits: number[][][];
  loss: number;
}
const inputs = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as Expected & { input_ids: number[][]; attention_mask: number[][]; labels: number[][] };

function maxAbsDiff(a: number[][][], b: number[][][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((pos, j) => pos.forEach((x, k) => (m = Math.max(m, Math.abs(x - b[i][j][k]))))));
  return m;
}

before(async () => {
  await ready();
});

for (const variant of ["", "f16", "bf16"]) {
  test(`logits and loss match PyTorch (${variant || "f32"} checkpoint)`, async () => {
    const folder = join(FIXTURE, variant);
    const expected = JSON.parse(readFileSync(join(folder, "expected.json"), "utf8")) as Expected;
    const model = await AutoModelForMaskedLM.fromPretrained(folder);
    try {
      const out = model.forward({ input_ids: inputs.input_ids, attention_mask: inputs.attention_mask, labels: inputs.labels });
      const logits = (await out.logits!.array()) as number[][][];
      const loss = (await out.loss!.data())[0];
      tf.dispose([out.logits!, out.loss!]);
      assert.deepEqual([logits.length, logits[0].length, logits[0][0].length], [3, 12, 120]);
      const diff = maxAbsDiff(logits, expected.logits);
      assert.ok(diff < 1e-4, `max |Δlogit| = ${diff}`);
      assert.ok(Math.abs(loss - expected.loss) < 1e-5, `loss ${loss} vs PyTorch ${expected.loss}`);
    } finally {
      model.dispose();
    }
  });
}

test("the loss with the head only at labelled positions equals the full one", async () => {
  const model = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
  try {
    const out = model.forward({ input_ids: inputs.input_ids, attention_mask: inputs.attention_mask, labels: inputs.labels }, { returnLogits: false });
    assert.equal(out.logits, undefined);
    const loss = (await out.loss!.data())[0];
    out.loss!.dispose();
    assert.ok(Math.abs(loss - inputs.loss) < 1e-5, `loss ${loss} vs PyTorch ${inputs.loss}`);
  } finally {
    model.dispose();
  }
});

test("the unused pooler is reported as transformers does, nothing is missing", async () => {
  const model = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
  assert.deepEqual(model.loadReport, { unused: ["roberta.pooler.dense.bias", "roberta.pooler.dense.weight"], missing: [] });
  model.dispose();
});

test("the fixture script reruns to the same bytes", { skip: spawnSync("/usr/bin/python3", ["-c", "import torch"]).status === 0 ? false : "/usr/bin/python3 with torch is not installed" }, () => {
  const out = mkdtempSync(join(tmpdir(), "tiny-roberta-"));
  try {
    const r = spawnSync("/usr/bin/python3", [join(import.meta.dirname, "../../scripts/reference/make_tiny_roberta.py"), out], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    for (const file of ["config.json", "model.safetensors", "expected.json", "expected_grads.safetensors", "f16/model.safetensors", "f16/expected.json", "bf16/model.safetensors", "bf16/expected.json"]) {
      assert.deepEqual(readFileSync(join(out, file)), readFileSync(join(FIXTURE, file)), file);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
