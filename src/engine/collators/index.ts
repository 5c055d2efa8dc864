// Collators: DataCollatorForLanguageModeling and its notebook view.
export { DataCollatorForLanguageModeling, type CollatorRow, type CollatorTokenizer, type DataCollatorOptions, type MlmBatch } from "./data-collator-for-language-modeling";
export { BATCH_MIME, type BatchSequenceView, type BatchView, type MaskingAction } from "./batch-view";
