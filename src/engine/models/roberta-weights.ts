// RobertaForMaskedLM's tensors by Hugging Face name, and the mapping from what a checkpoint
// holds to what the model needs: tied decoder, legacy names, unused and missing weights.
import type { RobertaConfig } from "./roberta-config";
import { type SafetensorsEntry, toFloat32 } from "./safetensors";

/** Every parameter with its HF name and shape, in the order transformers lists them. */
export function parameterShapes(c: RobertaConfig): Map<string, number[]> {
  const H = c.hiddenSize;
  const m = new Map<string, number[]>();
  const e = "roberta.embeddings.";
  m.set(`${e}word_embeddings.weight`, [c.vocabSize, H]);
  m.set(`${e}position_embeddings.weight`, [c.maxPositionEmbeddings, H]);
  m.set(`${e}token_type_embeddings.weight`, [c.typeVocabSize, H]);
  m.set(`${e}LayerNorm.weight`, [H]);
  m.set(`${e}LayerNorm.bias`, [H]);
  for (let i = 0; i < c.numHiddenLayers; i++) {
    const p = `roberta.encoder.layer.${i}.`;
    for (const k of ["query", "key", "value"]) {
      m.set(`${p}attention.self.${k}.weight`, [H, H]);
      m.set(`${p}attention.self.${k}.bias`, [H]);
    }
    m.set(`${p}attention.output.dense.weight`, [H, H]);
    m.set(`${p}attention.output.dense.bias`, [H]);
    m.set(`${p}attention.output.LayerNorm.weight`, [H]);
    m.set(`${p}attention.output.LayerNorm.bias`, [H]);
    m.set(`${p}intermediate.dense.weight`, [c.intermediateSize, H]);
    m.set(`${p}intermediate.dense.bias`, [c.intermediateSize]);
    m.set(`${p}output.dense.weight`, [H, c.intermediateSize]);
    m.set(`${p}output.dense.bias`, [H]);
    m.set(`${p}output.LayerNorm.weight`, [H]);
    m.set(`${p}output.LayerNorm.bias`, [H]);
  }
  m.set("lm_head.dense.weight", [H, H]);
  m.set("lm_head.dense.bias", [H]);
  m.set("lm_head.layer_norm.weight", [H]);
  m.set("lm_head.layer_norm.bias", [H]);
  m.set("lm_head.bias", [c.vocabSize]);
  return m;
}

/** Kinds of initial value transformers' _init_weights gives each parameter. */
export function initKind(name: string): "normal" | "zeros" | "ones" {
  if (/LayerNorm\.weight$|layer_norm\.weight$/.test(name)) return "ones";
  if (name.endsWith(".bias") || name === "lm_head.bias") return "zeros";
  return "normal";
}

export interface LoadedWeights {
  values: Map<string, Float32Array>;
  /** In the checkpoint but not used by RobertaForMaskedLM (e.g. roberta.pooler.*), as HF reports. */
  unused: string[];
  /** Needed but absent: freshly initialised, as HF does, and reported. */
  missing: string[];
}

/** Keys transformers ignores without a warning. */
const SILENT = [/^roberta\.embeddings\.position_ids$/, /^lm_head\.decoder\.weight$/, /^lm_head\.decoder\.bias$/];

/** Old TF-era names (gamma/beta) and checkpoints of the bare encoder (no "roberta." prefix). */
function canonicalName(name: string, bare: boolean): string {
  let n = name.replace(/\.gamma$/, ".weight").replace(/\.beta$/, ".bias");
  if (bare && !n.startsWith("lm_head.")) n = `roberta.${n}`;
  return n;
}

export function mapCheckpoint(tensors: Map<string, SafetensorsEntry>, config: RobertaConfig, source: string): LoadedWeights {
  const shapes = parameterShapes(config);
  const bare = ![...tensors.keys()].some((k) => k.startsWith("roberta.")) && tensors.has("embeddings.word_embeddings.weight");
  const values = new Map<string, Float32Array>();
  const unused: string[] = [];
  for (const [raw, entry] of tensors) {
    const name = canonicalName(raw, bare);
    const want = shapes.get(name);
    if (!want) {
      if (!SILENT.some((r) => r.test(name))) unused.push(raw);
      continue;
    }
    if (want.length !== entry.shape.length || want.some((d, i) => d !== entry.shape[i])) {
      throw new Error(
        `${source}: tensor "${raw}" has shape [${entry.shape}] but the config needs [${want}]. ` +
          `The config.json does not match these weights: use the config saved with them.`,
      );
    }
    values.set(name, toFloat32(entry, raw));
  }
  // The decoder bias is tied to lm_head.bias; some files store only the decoder's copy.
  const decoderBias = tensors.get("lm_head.decoder.bias");
  if (!values.has("lm_head.bias") && decoderBias) values.set("lm_head.bias", toFloat32(decoderBias, "lm_head.decoder.bias"));
  const missing = [...shapes.keys()].filter((n) => !values.has(n));
  return { values, unused, missing };
}
