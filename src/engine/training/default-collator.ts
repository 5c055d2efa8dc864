// HF's default_data_collator: stacks rows that are already the same length (and already carry
// their labels) into int32 tensors. The Trainer uses it when no dataCollator is given.
import * as tf from "@tensorflow/tfjs";
import { checkTokenIds } from "../runtime/token-ids";
import type { Batch, TokenizedRow } from "./contracts";

const KEYS = ["input_ids", "attention_mask", "labels"] as const;

export function defaultDataCollator(rows: TokenizedRow[]): Batch {
  if (rows.length === 0) throw new Error("defaultDataCollator: got no rows to collate.");
  const batch: Partial<Record<(typeof KEYS)[number], tf.Tensor>> = {};
  for (const key of KEYS) {
    if (!(key in rows[0])) continue;
    const values = rows.map((r, i) => {
      const v = r[key];
      if (!v || typeof (v as ArrayLike<number>).length !== "number") throw new Error(`defaultDataCollator: row ${i} has no "${key}" list.`);
      checkTokenIds(v as ArrayLike<unknown>, "defaultDataCollator", i, key);
      return Array.from(v as ArrayLike<number>);
    });
    const len = values[0].length;
    const bad = values.findIndex((v) => v.length !== len);
    if (bad >= 0) {
      throw new Error(
        `defaultDataCollator: row ${bad} has ${values[bad].length} "${key}" but row 0 has ${len}. ` +
          "Rows of different lengths need padding: group texts into blocks of one size, or use DataCollatorForLanguageModeling.",
      );
    }
    batch[key] = tf.tensor2d(values, [values.length, len], "int32");
  }
  if (!batch.input_ids) {
    Object.values(batch).forEach((t) => t.dispose());
    throw new Error(`defaultDataCollator: rows have no "input_ids" (columns: ${Object.keys(rows[0]).join(", ")}). Tokenize the text first.`);
  }
  return batch as Batch;
}
