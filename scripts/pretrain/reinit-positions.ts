// Re-initialises a checkpoint's position embeddings as sinusoids (Vaswani et al. 2017) at the scale
// of its word embeddings, keeping every other weight; writes a model folder for pretrain.ts --init.
// Why: in the MLM plateau (loss ~6.4, predictions barely depend on word order) the learned position
// rows had shrunk to a sixth of the word rows' scale with no structure between neighbours, so
// attention had no position signal to learn from; smooth, strong positions give it one.
//
//   node --import tsx scripts/pretrain/reinit-positions.ts --checkpoint DIR/checkpoint-N --out DIR
import * as tf from "@tensorflow/tfjs";
import { parseArgs } from "node:util";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";

const { values } = parseArgs({ options: { checkpoint: { type: "string" }, out: { type: "string" } } });
if (!values.checkpoint || !values.out) throw new Error("usage: reinit-positions.ts --checkpoint DIR --out DIR");
const model = await AutoModelForMaskedLM.fromPretrained(values.checkpoint);
const params = model.namedParameters();
const positions = params.get("roberta.embeddings.position_embeddings.weight")!;
const words = params.get("roberta.embeddings.word_embeddings.weight")!;
const [rows, hidden] = positions.shape;
const wordNorm = tf.tidy(() => tf.mean(tf.norm(words, "euclidean", 1)).dataSync()[0]);
const padding = model.config.padTokenId;
const table = new Float32Array(rows * hidden);
for (let r = padding + 1; r < rows; r++) {
  const pos = r - padding - 1; // RoBERTa's first real position id is padding_idx + 1
  for (let i = 0; i < hidden / 2; i++) {
    const angle = pos / 10000 ** ((2 * i) / hidden);
    table[r * hidden + 2 * i] = Math.sin(angle);
    table[r * hidden + 2 * i + 1] = Math.cos(angle);
  }
}
// Each sinusoid row has norm sqrt(hidden / 2): scaled to the word rows' mean norm. Rows up to padding_idx stay zero.
const scale = wordNorm / Math.sqrt(hidden / 2);
for (let k = 0; k < table.length; k++) table[k] *= scale;
positions.assign(tf.tensor2d(table, [rows, hidden]));
await model.savePretrained(values.out);
console.log(`positions re-initialised (row norm ${wordNorm.toFixed(3)}, as the word rows') → ${values.out}`);
