// pipeline("fill-mask") with the bundled tokenizer and a small model: transformers' output
// shape and semantics, and a model trained for a few steps fills the mask with the word it saw.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { type FillMaskResult, pipeline } from "../../src/engine/pipelines/index";
import { REPR_MIMEBUNDLE, type Displayable } from "../../src/engine/runtime/display";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

type Tok = Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;
let tok: Tok;
let model: RobertaForMaskedLM;

before(async () => {
  await ready();
  tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const config = new RobertaConfig({ vocabSize: tok.vocabSize, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 34, typeVocabSize: 1, layerNormEps: 1e-5 });
  model = RobertaForMaskedLM.fromConfig(config, { seed: 0 });
});

test("top-k per mask: scores are the softmax at the mask, sorted, with token_str and sequence as transformers", async () => {
  const fill = await pipeline("fill-mask", model, { tokenizer: tok });
  const text = "The capital of France is <mask>.";
  const results = (await fill(text, { topK: 4 })) as FillMaskResult[];
  assert.equal(results.length, 4);
  const ids = tok.encode(text);
  const at = ids.indexOf(tok.maskTokenId!);
  const probs = tf.tidy(() => tf.softmax(model.forward({ input_ids: [ids] }).logits!.slice([0, at, 0], [1, 1, -1]).reshape([-1])).dataSync());
  const best = [...probs.keys()].sort((a, b) => probs[b] - probs[a]).slice(0, 4);
  assert.deepEqual(results.map((r) => r.token), best);
  results.forEach((r, i) => {
    assert.ok(Math.abs(r.score - probs[best[i]]) < 1e-6);
    assert.equal(r.token_str, tok.decode([r.token]));
    const filled = [...ids];
    filled[at] = r.token;
    assert.equal(r.sequence, tok.decode(filled, { skipSpecialTokens: true }));
  });
  const bundle = (results as unknown as Displayable)[REPR_MIMEBUNDLE]("r");
  assert.ok("application/vnd.mlm-notebook.fill-mask+json" in bundle);
  const two = (await fill("A <mask> and a <mask>.", { topK: 2 })) as FillMaskResult[][];
  assert.equal(two.length, 2);
  assert.equal(two[0].length, 2);
  assert.match(two[0][0].sequence, /^<s>A.* and a ?<mask>\.<\/s>$/, "with several masks, special tokens stay (as transformers)");
  await assert.rejects(fill("no mask here"), /No mask_token \(<mask>\) found in the input/);
});

test("a list of texts gives one output per text, in transformers' shapes; a list of one gives that text's output", async () => {
  const fill = await pipeline("fill-mask", model, { tokenizer: tok, topK: 2 });
  const texts = ["The capital of France is <mask>.", "A <mask> and a <mask>."];
  const [one, two] = (await fill(texts)) as [FillMaskResult[], FillMaskResult[][]];
  assert.deepEqual(one, await fill(texts[0]), "one mask: a flat list of predictions, as for the text alone");
  assert.deepEqual(two, await fill(texts[1]), "two masks: a list per mask");
  assert.equal(two.length, 2);
  assert.ok(two.every((l) => l.length === 2 && typeof l[0].score === "number"));
  assert.deepEqual(await fill([texts[0]]), one, "transformers unwraps a list of one text");
  const bundle = ((await fill(texts)) as unknown as Displayable)[REPR_MIMEBUNDLE]("r");
  assert.deepEqual(bundle["application/vnd.mlm-notebook.fill-mask+json"], [{ text: texts[0], masks: [one] }, { text: texts[1], masks: two }]);
  await assert.rejects(fill(["fine <mask>.", 3 as unknown as string]), /fill-mask takes a text with <mask>, or a list of them; got number/);
});

test("targets: only those tokens are scored, with their share of the whole softmax; words stand in by their first token", async () => {
  const fill = await pipeline("fill-mask", model, { tokenizer: tok });
  const text = "The capital of France is <mask>.";
  const all = (await fill(text, { topK: tok.vocabSize })) as FillMaskResult[];
  const targets = ["Ġblue", "Ġred", "Ġblue", "Ġgreen"];
  const picked = (await fill(text, { targets, topK: 10 })) as FillMaskResult[];
  assert.equal(picked.length, 3, "topK is at most the number of distinct targets");
  const expected = all.filter((r) => ["Ġblue", "Ġred", "Ġgreen"].includes(tok.convertIdsToTokens([r.token])[0]));
  assert.deepEqual(picked.map((r) => r.token), expected.map((r) => r.token), "sorted by score, as in the full ranking");
  picked.forEach((r, i) => assert.ok(Math.abs(r.score - expected[i].score) < 1e-6, "scores are not renormalised over the targets"));
  const [word] = (await fill(text, { targets: " blueberry", topK: 1 })) as FillMaskResult[];
  assert.equal(word.token, tok.encode(" blueberry", { addSpecialTokens: false })[0], "a word not in the vocabulary: its first token");
  const twoMasks = (await fill("A <mask> and a <mask>.", { targets: ["Ġblue", "Ġred"] })) as FillMaskResult[][];
  assert.deepEqual(twoMasks.map((l) => l.map((r) => r.token_str).sort()), [[" blue", " red"], [" blue", " red"]], "targets apply to every mask");
  await assert.rejects(fill(text, { targets: [""] }), /none is usable/);
});

test("after a few training steps on one sentence, fill-mask predicts its word", async () => {
  const ids = tok.encode("The sky is blue.");
  const target = tok.encode(" blue", { addSpecialTokens: false })[0];
  const at = ids.indexOf(target);
  const masked = [...ids];
  masked[at] = tok.maskTokenId!;
  const labels = ids.map((id, i) => (i === at ? id : -100));
  const vars = [...model.namedParameters().values()];
  const opt = tf.train.adam(0.05);
  for (let step = 0; step < 25; step++) {
    const loss = opt.minimize(() => model.forward({ input_ids: [masked], labels: [labels] }, { training: true }).loss!, true, vars);
    loss?.dispose();
  }
  opt.dispose();
  const fill = await pipeline("fill-mask", model, { tokenizer: tok });
  const [top] = (await fill("The sky is <mask>.", { topK: 1 })) as FillMaskResult[];
  assert.equal(top.token_str, " blue");
  assert.equal(top.sequence, "The sky is blue.");
});
