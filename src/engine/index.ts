// The engine's public surface: what cells, exported scripts and outside tools import as `mlm-notebook`.
// Each area owns its folder and its index; this file only gathers them.
export * from "./runtime/index";
export * from "./hub/index";
export * from "./training/index";
export * from "./backend/webgpu-candidate";
export * from "./tokenizers/index";
export * from "./datasets/index";
export * from "./backend/index";
export * from "./models/index";
export * from "./collators/index";
export * from "./pipelines/index";
