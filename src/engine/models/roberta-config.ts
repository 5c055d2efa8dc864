// RoBERTa's configuration with Hugging Face's fields (camelCase here, snake_case in config.json).
// Unknown keys of a loaded config.json are kept and written back, so a round trip loses nothing.

export interface RobertaConfigInit {
  vocabSize?: number;
  hiddenSize?: number;
  numHiddenLayers?: number;
  numAttentionHeads?: number;
  intermediateSize?: number;
  hiddenAct?: string;
  hiddenDropoutProb?: number;
  attentionProbsDropoutProb?: number;
  maxPositionEmbeddings?: number;
  typeVocabSize?: number;
  initializerRange?: number;
  layerNormEps?: number;
  padTokenId?: number;
  bosTokenId?: number;
  eosTokenId?: number;
  positionEmbeddingType?: string;
}

/** Field name here → key in config.json. Defaults are RobertaConfig's in transformers. */
const FIELDS: Record<keyof RobertaConfigInit, [string, number | string]> = {
  vocabSize: ["vocab_size", 50265],
  hiddenSize: ["hidden_size", 768],
  numHiddenLayers: ["num_hidden_layers", 12],
  numAttentionHeads: ["num_attention_heads", 12],
  intermediateSize: ["intermediate_size", 3072],
  hiddenAct: ["hidden_act", "gelu"],
  hiddenDropoutProb: ["hidden_dropout_prob", 0.1],
  attentionProbsDropoutProb: ["attention_probs_dropout_prob", 0.1],
  maxPositionEmbeddings: ["max_position_embeddings", 512],
  typeVocabSize: ["type_vocab_size", 2],
  initializerRange: ["initializer_range", 0.02],
  layerNormEps: ["layer_norm_eps", 1e-12],
  padTokenId: ["pad_token_id", 1],
  bosTokenId: ["bos_token_id", 0],
  eosTokenId: ["eos_token_id", 2],
  positionEmbeddingType: ["position_embedding_type", "absolute"],
};

export class RobertaConfig {
  vocabSize!: number;
  hiddenSize!: number;
  numHiddenLayers!: number;
  numAttentionHeads!: number;
  intermediateSize!: number;
  hiddenAct!: string;
  hiddenDropoutProb!: number;
  attentionProbsDropoutProb!: number;
  maxPositionEmbeddings!: number;
  typeVocabSize!: number;
  initializerRange!: number;
  layerNormEps!: number;
  padTokenId!: number;
  bosTokenId!: number;
  eosTokenId!: number;
  positionEmbeddingType!: string;
  /** Keys of config.json this class does not model (architectures, transformers_version, ...). */
  readonly extra: Record<string, unknown>;

  constructor(init: RobertaConfigInit = {}, extra: Record<string, unknown> = {}) {
    const self = this as unknown as Record<string, unknown>;
    for (const [field, [, dflt]] of Object.entries(FIELDS)) self[field] = (init as Record<string, unknown>)[field] ?? dflt;
    this.extra = extra;
    this.validate();
  }

  /** From a parsed config.json (HF's snake_case keys). */
  static fromJSON(json: Record<string, unknown>): RobertaConfig {
    const init: Record<string, unknown> = {};
    const extra: Record<string, unknown> = { ...json };
    for (const [field, [key]] of Object.entries(FIELDS)) {
      if (key in json) {
        init[field] = json[key];
        delete extra[key];
      }
    }
    const modelType = json.model_type;
    if (modelType !== undefined && modelType !== "roberta" && modelType !== "xlm-roberta" && modelType !== "camembert") {
      throw new Error(`config.json has model_type "${String(modelType)}"; only RoBERTa-family masked LMs ("roberta") are supported here.`);
    }
    return new RobertaConfig(init as RobertaConfigInit, extra);
  }

  /** config.json as transformers writes it (snake_case keys). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { architectures: ["RobertaForMaskedLM"], model_type: "roberta", torch_dtype: "float32", ...this.extra };
    const self = this as unknown as Record<string, unknown>;
    for (const [field, [key]] of Object.entries(FIELDS)) out[key] = self[field];
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  get headDim(): number {
    return this.hiddenSize / this.numAttentionHeads;
  }

  /** Longest sequence the position embeddings allow: positions start after padding_idx. */
  get maxSequenceLength(): number {
    return this.maxPositionEmbeddings - this.padTokenId - 1;
  }

  private validate(): void {
    if (this.hiddenSize % this.numAttentionHeads !== 0) {
      throw new Error(`hidden_size ${this.hiddenSize} is not a multiple of num_attention_heads ${this.numAttentionHeads}: choose sizes that divide evenly.`);
    }
    if (this.hiddenAct !== "gelu") throw new Error(`hidden_act "${this.hiddenAct}" is not supported; RoBERTa uses "gelu".`);
    if (this.positionEmbeddingType !== "absolute") {
      throw new Error(`position_embedding_type "${this.positionEmbeddingType}" is not supported; only "absolute" is.`);
    }
    for (const f of ["vocabSize", "hiddenSize", "numHiddenLayers", "numAttentionHeads", "intermediateSize", "maxPositionEmbeddings", "typeVocabSize"] as const) {
      if (!Number.isInteger(this[f]) || this[f] <= 0) throw new Error(`${FIELDS[f][0]} must be a positive integer, got ${this[f]}.`);
    }
  }
}
