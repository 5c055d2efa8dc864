// Models: RoBERTa for masked language modelling, its config, checkpoints in the HF layout.
export { AutoModelForMaskedLM, bundledModels, type FromPretrainedOptions as ModelFromPretrainedOptions, type LoadReport, type LoadedMaskedLM } from "./auto";
export { RobertaConfig, type RobertaConfigInit } from "./roberta-config";
export { RobertaForMaskedLM, type ForwardOptions, type FromConfigOptions, type IdsInput, type MaskedLMInputs, type MaskedLMOutput } from "./roberta-for-masked-lm";
export { readPytorchBin, PytorchBinError } from "./pytorch-bin";
export { UnsafePickleError } from "./torch-pickle";
export { parseSafetensors, readSafetensors, serializeSafetensors, writeSafetensors, SafetensorsError, type SafetensorsFile } from "./safetensors";
