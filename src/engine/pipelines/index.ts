// Pipelines: fill-mask, the tutorial's inference step.
export { FILL_MASK_MIME, pipeline, type FillMaskOptions, type FillMaskOutput, type FillMaskPipeline, type FillMaskResult, type FillMaskTokenizer, type PipelineOptions } from "./fill-mask";
