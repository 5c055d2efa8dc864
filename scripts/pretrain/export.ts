// Writes a pretraining checkpoint as the bundled model: config.json (with RoBERTa's dropout 0.1 for
// fine-tuning), model.safetensors in F16 (half the bytes; the engine and transformers read it back
// as float32) and the tokenizer's files.
//
//   node --import tsx scripts/pretrain/export.ts --checkpoint DIR/checkpoint-N --out resources/models/roberta-small-docs
import { parseArgs } from "node:util";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";

export async function exportModel(checkpoint: string, out: string): Promise<void> {
  const model = await AutoModelForMaskedLM.fromPretrained(checkpoint);
  // RoBERTa's dropout for fine-tuning, whatever pretraining used (pretrain.ts --dropout).
  model.config.hiddenDropoutProb = 0.1;
  model.config.attentionProbsDropoutProb = 0.1;
  await model.savePretrained(out, { dtype: "F16" });
  model.dispose();
  await (await AutoTokenizer.fromPretrained("roberta-base-tokenizer")).savePretrained(out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { checkpoint: { type: "string" }, out: { type: "string" } } });
  if (!values.checkpoint || !values.out) throw new Error("usage: export.ts --checkpoint DIR --out DIR");
  await exportModel(values.checkpoint, values.out);
  console.log(`exported ${values.checkpoint} → ${values.out}`);
}
