// The bundled pretrained model's architecture (scripts/pretrain/pretrain.ts; resources/models/).
export const PRETRAIN_CONFIG = {
  hiddenSize: 256,
  numHiddenLayers: 4,
  numAttentionHeads: 4,
  intermediateSize: 1024,
} as const;
