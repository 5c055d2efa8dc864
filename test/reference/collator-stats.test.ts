// Our DataCollatorForLanguageModeling against transformers' on the same rows and the same
// tokenizer folder (roberta-base's own files): padding and attention mask equal, and the masking's
// statistics (share picked, 80/10/10, special tokens never picked, labels, the random ids' range)
// equal within sampling error over 1,000 batches on each side.
import assert from "node:assert/strict";
import { join } from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { REFERENCE_SCRIPTS, referenceSkip, runReference } from "./python";

const BATCHES = 1000;
const PROBABILITY = 0.15;
type Counts = Record<"maskable" | "selected" | "mask" | "random" | "kept" | "special_selected" | "label_mismatch", number>;
interface Stats {
  counts: Counts;
  random_id_mean: number;
  first: { original: number[][]; attention_mask: number[][]; shape: number[] };
}

let rows: { input_ids: number[]; attention_mask: number[] }[];
let ours: Stats;
let theirs: Stats;
let lenTokenizer: number;

before(async () => {
  if (referenceSkip) return;
  await tf.setBackend("cpu");
  const tok = await AutoTokenizer.fromPretrained("roberta-base-tokenizer");
  lenTokenizer = tok.vocabSize;
  const enc = tok([
    "Why is the sky blue? Because air scatters short wavelengths of sunlight more than long ones, so blue light reaches us from every direction.",
    "Short one.",
    "How do vaccines work? They train the immune system to recognise a pathogen without causing the disease, and the memory cells stay.",
    "What makes bread rise? Yeast ferments sugars and releases carbon dioxide, which gets trapped in the gluten of the dough.",
  ]);
  rows = enc.input_ids.map((ids, i) => ({ input_ids: ids, attention_mask: enc.attention_mask[i] }));
  theirs = JSON.parse(runReference([join(REFERENCE_SCRIPTS, "collator_stats.py"), join(import.meta.dirname, "../../resources/tokenizers/roberta-base-tokenizer"), String(BATCHES), String(PROBABILITY)], { input: JSON.stringify(rows) })) as Stats;

  const collator = new DataCollatorForLanguageModeling({ tokenizer: tok, mlmProbability: PROBABILITY, seed: 0 });
  const special = new Set(tok.allSpecialIds);
  const counts: Counts = { maskable: 0, selected: 0, mask: 0, random: 0, kept: 0, special_selected: 0, label_mismatch: 0 };
  let randomSum = 0;
  let first: Stats["first"] | null = null;
  for (let b = 0; b < BATCHES; b++) {
    const batch = collator(rows);
    const [ids, labels, attention] = [batch.input_ids, batch.labels, batch.attention_mask].map((t) => t.arraySync() as number[][]);
    tf.dispose([batch.input_ids, batch.labels, batch.attention_mask]);
    const original = ids.map((row, i) => row.map((_, j) => rows[i].input_ids[j] ?? tok.padTokenId!));
    original.forEach((row, i) => row.forEach((id, j) => {
      const picked = labels[i][j] !== -100;
      if (special.has(id)) {
        if (picked) counts.special_selected++;
        return;
      }
      counts.maskable++;
      if (!picked) return;
      counts.selected++;
      if (labels[i][j] !== id) counts.label_mismatch++;
      if (ids[i][j] === tok.maskTokenId) counts.mask++;
      else if (ids[i][j] === id) counts.kept++;
      else { counts.random++; randomSum += ids[i][j]; }
    }));
    first ??= { original, attention_mask: attention, shape: [ids.length, ids[0].length] };
  }
  ours = { counts, random_id_mean: randomSum / Math.max(1, counts.random), first: first! };
});

/** Two binomial shares differ by less than 4 standard errors of their difference. */
function sameShare(name: string, k1: number, n1: number, k2: number, n2: number): void {
  const p = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const [a, b] = [k1 / n1, k2 / n2];
  assert.ok(Math.abs(a - b) < 4 * se, `${name}: ours ${a.toFixed(4)} vs transformers' ${b.toFixed(4)} (4 s.e. = ${(4 * se).toFixed(4)})`);
}

test("padding, attention mask and batch shape equal transformers' (transformers)", { skip: referenceSkip }, () => {
  assert.deepEqual(ours.first.shape, theirs.first.shape);
  assert.deepEqual(ours.first.original, theirs.first.original);
  assert.deepEqual(ours.first.attention_mask, theirs.first.attention_mask);
});

test("masking statistics equal transformers' within sampling error (transformers)", { skip: referenceSkip }, (t) => {
  const [o, h] = [ours.counts, theirs.counts];
  t.diagnostic(`ours ${JSON.stringify(o)}; transformers ${JSON.stringify(h)}`);
  assert.equal(o.maskable, h.maskable, "the same positions are maskable");
  assert.equal(o.special_selected + h.special_selected, 0, "special tokens and padding are never picked");
  assert.equal(o.label_mismatch + h.label_mismatch, 0, "labels are the original ids where picked");
  sameShare("share picked", o.selected, o.maskable, h.selected, h.maskable);
  sameShare("<mask> among picked", o.mask, o.selected, h.mask, h.selected);
  sameShare("random among picked", o.random, o.selected, h.random, h.selected);
  sameShare("kept among picked", o.kept, o.selected, h.kept, h.selected);
});

test("random replacements are drawn from the whole of [0, len(tokenizer)) as transformers draws them (transformers)", { skip: referenceSkip }, () => {
  // Uniform on [0, n): mean n/2, standard deviation n/√12.
  const sd = lenTokenizer / Math.sqrt(12);
  const se = sd * Math.sqrt(1 / ours.counts.random + 1 / theirs.counts.random);
  assert.ok(Math.abs(ours.random_id_mean - theirs.random_id_mean) < 4 * se, `mean random id: ours ${ours.random_id_mean.toFixed(0)} vs transformers' ${theirs.random_id_mean.toFixed(0)}`);
  assert.ok(Math.abs(ours.random_id_mean - lenTokenizer / 2) < 4 * sd / Math.sqrt(ours.counts.random), `ours ${ours.random_id_mean.toFixed(0)} vs ${lenTokenizer / 2}`);
});
