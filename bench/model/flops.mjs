// Floating-point operations of one RoBERTa MLM training step, counted from the matrix products
// (elementwise work, softmax and LayerNorm are a few percent and left out): forward, plus twice the
// forward for the gradients (inputs and weights), so 3× the forward's products.

/**
 * config: { hiddenSize, numHiddenLayers, intermediateSize }, vocab: the decoder's rows;
 * tokens: batch × seq; seq: the attention's length; headRows: positions the LM head runs at
 * (the labelled ones for ours, every token for transformers').
 */
export function trainStepFlops({ hiddenSize: h, numHiddenLayers: layers, intermediateSize: inter }, { vocab, tokens, seq, headRows }) {
  const perLayer = 4 * 2 * tokens * h * h + 2 * 2 * tokens * h * inter + 2 * 2 * tokens * seq * h;
  const head = 2 * headRows * h * h + 2 * headRows * h * vocab;
  return 3 * (layers * perLayer + head);
}

export const CONFIGS = {
  tiny: { hiddenSize: 128, numHiddenLayers: 2, intermediateSize: 512 },
  distil: { hiddenSize: 768, numHiddenLayers: 6, intermediateSize: 3072 },
};
