// Our RobertaForMaskedLM against transformers' own, on the same weights: ours saved by
// savePretrained, loaded by RobertaForMaskedLM.from_pretrained (float64, eager attention, eval).
// Logits, loss and every parameter's gradient, on a batch with padding (so the attention mask's
// additive bias counts) and labels at a few positions, with both of our LM-head paths.
// The weights are perturbed away from their initial values (LayerNorm weights ≠ 1, biases ≠ 0), so
// no term hides behind a 1 or a 0.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { gradsByName } from "../models/grads-by-name";
import { REFERENCE_SCRIPTS, referenceSkip, runReference } from "./python";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
const batch = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as { input_ids: number[][]; attention_mask: number[][]; labels: number[][] };
const config = RobertaConfig.fromJSON(JSON.parse(readFileSync(join(FIXTURE, "config.json"), "utf8")) as Record<string, unknown>);

interface Reference {
  metadata: Record<string, string>;
  loading_info: Record<string, string[]>;
  loss: number;
  logits: number[][][];
  grads: Record<string, number[]>;
  shapes: Record<string, number[]>;
}

/** Relative tolerance on gradients and logits: float32's error here is ~1e-7; a wrong term is ≥1e-3. */
const REL = 1e-5;
let work: string;
let model: RobertaForMaskedLM;
let reference: Reference;

before(async () => {
  if (referenceSkip) return;
  await ready();
  work = mkdtempSync(join(tmpdir(), "transformers-parity-"));
  model = RobertaForMaskedLM.fromConfig(config, { seed: 11 });
  let i = 0;
  for (const [, v] of model.namedParameters()) v.assign(tf.tidy(() => v.add(tf.randomNormal(v.shape, 0, 0.05, "float32", 100 + i++))));
  await model.savePretrained(join(work, "model"));
  reference = JSON.parse(runReference([join(REFERENCE_SCRIPTS, "transformers_grads.py"), join(work, "model")], { input: JSON.stringify(batch) })) as Reference;
});
after(() => {
  model?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** max |a - b|, and over max |b|: the error relative to the tensor's scale. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; rel: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return { diff, rel: scale === 0 ? Infinity : diff / scale, scale };
}

test("transformers loads what savePretrained writes with nothing missing or unexpected (transformers)", { skip: referenceSkip }, () => {
  assert.deepEqual(reference.metadata, { format: "pt" }, "the header's metadata, which transformers checks");
  for (const key of ["missing_keys", "unexpected_keys", "mismatched_keys"]) assert.deepEqual(reference.loading_info[key] ?? [], [], key);
  const ours = new Map([...model.namedParameters()].map(([name, v]) => [name, v.shape]));
  assert.deepEqual(new Map(Object.entries(reference.shapes)), ours, "the same parameters, by name and shape");
});

test("logits and loss equal transformers' (transformers)", { skip: referenceSkip }, async (t) => {
  const out = model.forward(batch);
  const logits = (await out.logits!.data()) as Float32Array;
  const loss = (await out.loss!.data())[0];
  tf.dispose([out.logits!, out.loss!]);
  const { rel } = relativeError(logits, reference.logits.flat(2));
  t.diagnostic(`logits: max relative error ${rel.toExponential(2)}; loss ${loss} vs ${reference.loss}`);
  assert.ok(rel < REL, `logits differ from transformers' by ${rel.toExponential(2)} of their scale`);
  assert.ok(Math.abs(loss - reference.loss) / reference.loss < REL, `loss ${loss} vs transformers' ${reference.loss}`);
});


for (const returnLogits of [true, false]) {
  test(`every parameter's gradient equals transformers' within ${REL} of its scale (${returnLogits ? "full LM head" : "LM head at labelled positions"}) (transformers)`, { skip: referenceSkip }, (t) => {
    const ours = gradsByName(model, batch, { returnLogits });
    assert.deepEqual([...ours.keys()].sort(), Object.keys(reference.grads).sort());
    let worst = { name: "", rel: 0 };
    const globalScale = Math.max(...Object.values(reference.grads).map((g) => relativeError(g, g).scale));
    for (const [name, want] of Object.entries(reference.grads)) {
      const { diff, rel, scale } = relativeError(ours.get(name)!, want);
      // Attention key biases have a true gradient of 0 (softmax ignores a shift shared by a query's
      // scores; float64 leaves ~1e-19): there ours is float32 rounding noise, bounded against the
      // gradients' overall scale instead.
      if (scale < 1e-12 * globalScale) {
        assert.ok(diff < REL * 1e-2 * globalScale, `${name}: true gradient 0, ours ${diff.toExponential(2)}`);
        continue;
      }
      if (rel > worst.rel) worst = { name, rel };
      assert.ok(rel < REL, `${name}: differs from transformers' gradient by ${rel.toExponential(2)} of its scale ${scale.toExponential(2)}`);
    }
    t.diagnostic(`largest relative gradient error ${worst.rel.toExponential(2)} (${worst.name})`);
  });
}
