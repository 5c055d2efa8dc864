// Issue 17, quiet failure: ids that int32 would change (2^32+5 → 5, 3.7 → 3, NaN → 0, "5" → 5)
// are refused where rows become a batch, naming the row, the column and the position.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DataCollatorForLanguageModeling } from "../../src/engine/collators/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { defaultDataCollator } from "../../src/engine/training/default-collator";

const BAD: [unknown, RegExp][] = [
  [2 ** 32 + 5, /is 4294967301, not a token id/],
  [3.7, /is 3\.7, not a token id/],
  [NaN, /is NaN, not a token id/],
  ["5", /is the string "5", not a token id/],
];

let collator: DataCollatorForLanguageModeling;
before(async () => {
  await tf.setBackend("cpu");
  collator = new DataCollatorForLanguageModeling({ tokenizer: await AutoTokenizer.fromPretrained("roberta-base-tokenizer"), mlmProbability: 0.15, seed: 1 });
});

test("DataCollatorForLanguageModeling refuses ids that are not int32 integers, with row, column and position", () => {
  for (const [value, shown] of BAD) {
    const rows = [{ input_ids: [0, 100, 2] }, { input_ids: [0, 101, value as number, 2], attention_mask: [1, 1, 1, 1] }];
    assert.throws(() => collator(rows), (e: Error) => {
      assert.match(e.message, /row 1, column "input_ids", position 2/);
      assert.match(e.message, shown);
      return true;
    });
  }
  assert.throws(() => collator([{ input_ids: [0, 2], attention_mask: [1, 0.5] }]), /row 0, column "attention_mask", position 1 is 0\.5/);
  tf.dispose(collator([{ input_ids: [0, 100, 2] }]) as unknown as tf.Tensor[]);
});

test("defaultDataCollator refuses them too, in labels as well", () => {
  for (const [value, shown] of BAD) {
    assert.throws(() => defaultDataCollator([{ input_ids: [0, 1], labels: [-100, 1] }, { input_ids: [0, 1], labels: [value as number, 1] }]), (e: Error) => {
      assert.match(e.message, /defaultDataCollator: row 1, column "labels", position 0/);
      assert.match(e.message, shown);
      return true;
    });
  }
  const ok = defaultDataCollator([{ input_ids: [0, 1], labels: [-100, 1] }]);
  assert.deepEqual(ok.labels?.arraySync(), [[-100, 1]]);
  tf.dispose(Object.values(ok));
});
