// The bench's shared sizes; torch_epoch.py receives them on its command line from run.mjs.
export const BLOCK = 128;
export const BATCH = 8;
/** Steps left out of the steady-state rate (first allocations, kernel warm-up). */
export const WARMUP_STEPS = 3;
/** A small RoBERTa (COMPUTE-NOTES' "tiny": hidden 128, 2 layers) with the tokenizer's vocabulary. */
export const SMALL_CONFIG = { hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 512, maxPositionEmbeddings: 514, typeVocabSize: 1, layerNormEps: 1e-5 };
