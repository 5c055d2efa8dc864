// DataCollatorForLanguageModeling with the bundled RoBERTa tokenizer: transformers' masking
// statistics, special tokens and padding never selected, seeded repeatability, padding rules.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { REPR_MIMEBUNDLE, type Displayable } from "../../src/engine/runtime/display";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";

type Tok = Awaited<ReturnType<typeof AutoTokenizer.fromPretrained>>;
let tok: Tok;
let rows: { input_ids: number[]; attention_mask: number[] }[];

before(async () => {
  await tf.setBackend("cpu");
  tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  const texts = [
    "Why is the sky blue? Because air scatters short wavelengths of sunlight more than long ones.",
    "How do vaccines work? They train the immune system to recognise a pathogen without causing the disease.",
    "Short one.",
    "What makes bread rise? Yeast ferments sugars and releases carbon dioxide, which gets trapped in the dough.",
  ];
  const enc = tok(texts);
  rows = enc.input_ids.map((ids, i) => ({ input_ids: ids, attention_mask: enc.attention_mask[i] }));
});

function arrays(batch: { input_ids: tf.Tensor; attention_mask: tf.Tensor; labels: tf.Tensor }): { ids: number[][]; mask: number[][]; labels: number[][] } {
  const out = { ids: batch.input_ids.arraySync() as number[][], mask: batch.attention_mask.arraySync() as number[][], labels: batch.labels.arraySync() as number[][] };
  tf.dispose([batch.input_ids, batch.attention_mask, batch.labels]);
  return out;
}

test("pads to the longest row with the pad id; attention mask 0 there; labels -100 off the selection", () => {
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.15, seed: 1 });
  const { ids, mask, labels } = arrays(collator(rows));
  const longest = Math.max(...rows.map((r) => r.input_ids.length));
  assert.equal(ids[0].length, longest);
  const short = rows[2].input_ids.length;
  assert.deepEqual(ids[2].slice(short), new Array(longest - short).fill(tok.padTokenId));
  assert.deepEqual(mask[2], [...new Array(short).fill(1), ...new Array(longest - short).fill(0)]);
  ids.forEach((row, b) =>
    row.forEach((id, t) => {
      if (labels[b][t] === -100) assert.equal(id, rows[b].input_ids[t] ?? tok.padTokenId, "unselected positions keep their token");
      else assert.equal(labels[b][t], rows[b].input_ids[t], "labels are the original ids");
    }),
  );
});

test("padToMultipleOf rounds the length up", () => {
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, padToMultipleOf: 8 });
  const { ids } = arrays(collator(rows));
  assert.equal(ids[0].length % 8, 0);
  assert.ok(ids[0].length >= Math.max(...rows.map((r) => r.input_ids.length)));
});

test("over 2,000 batches: 15% ± 0.5% of maskable tokens selected, split 80/10/10 ± 1%; specials and padding never", () => {
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.15, seed: 1234 });
  const special = new Set(tok.allSpecialIds);
  let maskable = 0;
  let selected = 0;
  let masked = 0;
  let randomised = 0;
  let kept = 0;
  for (let i = 0; i < 2000; i++) {
    const batch = collator(rows);
    const ids = batch.input_ids.dataSync();
    const labels = batch.labels.dataSync();
    const L = batch.input_ids.shape[1];
    tf.dispose([batch.input_ids, batch.attention_mask, batch.labels]);
    rows.forEach((r, b) => {
      for (let t = 0; t < L; t++) {
        const original = t < r.input_ids.length ? r.input_ids[t] : tok.padTokenId!;
        const label = labels[b * L + t];
        if (special.has(original)) {
          assert.equal(label, -100, `special or pad token ${original} was selected`);
          continue;
        }
        maskable++;
        if (label === -100) continue;
        selected++;
        const now = ids[b * L + t];
        if (now === tok.maskTokenId) masked++;
        else if (now === original) kept++;
        else randomised++;
      }
    });
  }
  // A random replacement can draw the original id (1 in 50,265): counted as kept, negligible.
  const share = selected / maskable;
  assert.ok(Math.abs(share - 0.15) <= 0.005, `selected share ${share}`);
  assert.ok(Math.abs(masked / selected - 0.8) <= 0.01, `mask share ${masked / selected}`);
  assert.ok(Math.abs(randomised / selected - 0.1) <= 0.01, `random share ${randomised / selected}`);
  assert.ok(Math.abs(kept / selected - 0.1) <= 0.01, `kept share ${kept / selected}`);
});

test("the same seed gives the same batches; another seed does not; the RNG state resumes", () => {
  const a = new DataCollatorForLanguageModeling({ tokenizer: tok, seed: 7 });
  const b = new DataCollatorForLanguageModeling({ tokenizer: tok, seed: 7 });
  const c = new DataCollatorForLanguageModeling({ tokenizer: tok, seed: 8 });
  const first = arrays(a(rows));
  assert.deepEqual(arrays(b(rows)), first);
  assert.notDeepEqual(arrays(c(rows)), first);
  const state = a.getRngState();
  const next = arrays(a(rows));
  a.setRngState(state);
  assert.deepEqual(arrays(a(rows)), next);
});

test("a batch displays its masking as the batch MIME type", () => {
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: 0.5, seed: 3 });
  const batch = collator(rows);
  const bundle = (batch as unknown as Displayable)[REPR_MIMEBUNDLE]("ref");
  tf.dispose(batch as unknown as tf.TensorContainer);
  assert.equal(tf.memory().numTensors, 0, "tf.dispose(batch) frees all three tensors");
  const view = bundle["application/vnd.mlm-notebook.batch+json"] as {
    sequences: { input_ids: number[]; labels: number[]; masking: (string | null)[]; tokens: string[] }[];
    counts: { selected: number; mask: number; random: number; kept: number };
  };
  assert.equal(view.sequences.length, rows.length);
  const s = view.sequences[0];
  s.masking.forEach((m, t) => {
    assert.equal(m === null, s.labels[t] === -100);
    if (m === "mask") assert.equal(s.input_ids[t], tok.maskTokenId);
    if (m === "kept") assert.equal(s.input_ids[t], s.labels[t]);
  });
  assert.equal(s.tokens[0], "<s>");
  assert.equal(view.counts.selected, view.counts.mask + view.counts.random + view.counts.kept);
  assert.match(String(bundle["text/plain"]), /maskable tokens selected/);
});

test("clear errors: no pad token, no mask token, rows without input_ids", () => {
  const noPad = { padTokenId: null, maskTokenId: 4, allSpecialIds: [0, 2], vocabSize: 10 };
  assert.throws(() => new DataCollatorForLanguageModeling({ tokenizer: noPad })([{ input_ids: [0, 5, 2] }, { input_ids: [0, 2] }]), /does not have a padding token.*padToken = tokenizer.eosToken/);
  assert.throws(() => new DataCollatorForLanguageModeling({ tokenizer: { ...noPad, maskTokenId: null } }), /does not have a mask token.*mlm: false/);
  assert.throws(() => new DataCollatorForLanguageModeling({ tokenizer: tok })([{ text: "x" } as never]), /Row 0 has no input_ids/);
});

test("mlm: false gives causal-LM labels (ids, -100 at padding)", () => {
  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlm: false });
  const { ids, labels } = arrays(collator(rows));
  ids.forEach((row, b) => row.forEach((id, t) => assert.equal(labels[b][t], id === tok.padTokenId ? -100 : id)));
});
