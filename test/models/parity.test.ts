// The tfjs RobertaForMaskedLM against the plain-PyTorch reference (scripts/reference), on the
// committed tiny fixture written by scripts/reference/make_tiny_roberta.py.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { REFERENCE_SCRIPTS, referenceSkip, runReference } from "../reference/python";
import { parseSafetensors, toFloat32 } from "../../src/engine/models/safetensors";

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

// The fixture's rerun: what defines it (configs, inputs, labels, the safetensors headers) must come
// back exactly; what PyTorch computes from it (weights drawn by its generator, logits, loss,
// gradients) within float noise, which differs by CPU and PyTorch version (3.7e-6 on logits
// near 4 between torch 1.13 and 2.13): 1e-5 of each tensor's scale, one unit of the stored
// precision for half-precision weights.
const RELATIVE = { F32: 1e-5, F16: 2 ** -10, BF16: 2 ** -7 } as const;

/** The first value farther from `want` than `tolerance` of the tensor's scale (floored at `floor`), or null. */
function notClose(got: ArrayLike<number>, want: ArrayLike<number>, tolerance: number, floor = 0): string | null {
  assert.equal(got.length, want.length);
  let scale = floor;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= tolerance * scale)) return `[${i}]: ${got[i]} vs ${want[i]} (scale ${scale})`;
  }
  return null;
}

/** The raw JSON header: names, dtypes, shapes, offsets and metadata, byte for byte. */
function header(bytes: Buffer): Buffer {
  return bytes.subarray(0, 8 + Number(bytes.readBigUInt64LE(0)));
}

function compareSafetensors(fresh: string, committed: string, name: string): void {
  const [a, b] = [readFileSync(fresh), readFileSync(committed)];
  assert.deepEqual(header(a).toString("utf8"), header(b).toString("utf8"), `${name}: header`);
  const [ta, tb] = [parseSafetensors(a, fresh).tensors, parseSafetensors(b, committed).tensors];
  // A gradient that is zero in exact arithmetic (attention's key bias) is noise: scales are floored at 1% of the file's largest value.
  const largest = Math.max(...[...tb.values()].map((e) => toFloat32(e).reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
  for (const [tensor, entry] of tb) {
    const far = notClose(toFloat32(ta.get(tensor)!), toFloat32(entry), RELATIVE[entry.dtype as keyof typeof RELATIVE], 0.01 * largest);
    assert.equal(far, null, `${name} ${tensor}${far}`);
  }
}

function compareExpected(fresh: string, committed: string, name: string): void {
  const [a, b] = [fresh, committed].map((f) => JSON.parse(readFileSync(f, "utf8")) as Expected & { [key: string]: unknown });
  // torch_version records what wrote the file; everything else but the computed values is the fixture itself.
  const { logits: la, loss: lossA, torch_version: _va, ...restA } = a;
  const { logits: lb, loss: lossB, torch_version: _vb, ...restB } = b;
  void [_va, _vb];
  assert.deepEqual(restA, restB, `${name}: inputs and labels`);
  assert.deepEqual([la.length, la[0].length, la[0][0].length], [lb.length, lb[0].length, lb[0][0].length], `${name}: logits shape`);
  const far = notClose(la.flat(2), lb.flat(2), RELATIVE.F32);
  assert.equal(far, null, `${name}: logits${far}`);
  assert.ok(Math.abs(lossA - lossB) <= RELATIVE.F32 * Math.abs(lossB), `${name}: loss ${lossA} vs ${lossB}`);
}

test("the fixture script reruns to the same fixture: configs and inputs exactly, PyTorch's numbers within float noise (torch)", { skip: referenceSkip }, () => {
  const out = mkdtempSync(join(tmpdir(), "tiny-roberta-"));
  try {
    runReference([join(REFERENCE_SCRIPTS, "make_tiny_roberta.py"), out]);
    for (const folder of ["", "f16", "bf16"]) {
      const at = (file: string) => [join(out, folder, file), join(FIXTURE, folder, file)] as const;
      assert.equal(readFileSync(at("config.json")[0], "utf8"), readFileSync(at("config.json")[1], "utf8"), join(folder, "config.json"));
      compareSafetensors(...at("model.safetensors"), join(folder, "model.safetensors"));
      compareExpected(...at("expected.json"), join(folder, "expected.json"));
    }
    compareSafetensors(join(out, "expected_grads.safetensors"), join(FIXTURE, "expected_grads.safetensors"), "expected_grads.safetensors");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
