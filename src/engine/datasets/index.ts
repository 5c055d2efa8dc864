// Datasets: load (Hub, local files, bundled sample), split, flatten, map — Hugging Face `datasets` in TypeScript.
export { loadDataset, type LoadDatasetOptions } from "./load";
export { Dataset, DatasetDict, type TrainTestSplitOptions, type FilterOptions, type MapOptions } from "./dataset";
export { BUNDLED_DATASETS } from "./bundled";
export { WORKER_TRANSFERABLE, setScopeResolver, type WorkerRecipe, type WorkerTransferable, type ScopeResolver } from "./capture";
export { FeaturesError, featuresFromJson, featuresToJson, featureRepr, type Feature, type Features, type FeaturesJson } from "./features";
export { DATASET_MIME, type DatasetPayload, type SplitView } from "./display";
export { DatasetNotFoundError, CorruptFileError, MapOutputError, SplitNoDataError, SplitStringError, UnknownSplitError } from "./errors";
export type { Batch, Row } from "./map-core";
