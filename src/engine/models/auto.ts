// AutoModelForMaskedLM.fromPretrained: a local folder or a Hub repo (through hubFile, into the
// HF cache), config.json + model.safetensors, else pytorch_model.bin (each may be sharded with an index).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ready } from "../backend/choose";
import { EntryNotFoundError, HubOfflineError, hubFile } from "../hub/index";
import { readJsonFile } from "../runtime/json-file";
import { recordCall } from "../runtime/record";
import { bundledFolder, bundledNames } from "../runtime/resources";
import { RobertaConfig } from "./roberta-config";
import { RobertaForMaskedLM, initialValues } from "./roberta-for-masked-lm";
import { mapCheckpoint } from "./roberta-weights";
import { readPytorchBin } from "./pytorch-bin";
import { type SafetensorsEntry, readSafetensors } from "./safetensors";

export interface FromPretrainedOptions {
  hubUrl?: string;
  revision?: string;
  cacheDir?: string;
  token?: string;
  /** Seeds weights the checkpoint lacks (initialised fresh, as HF does) and dropout. */
  seed?: number;
}

export interface LoadReport {
  /** Checkpoint tensors the model does not use (HF: "Some weights of the model checkpoint ... were not used"). */
  unused: string[];
  /** Model weights absent from the checkpoint, freshly initialised (HF: "... newly initialized"). */
  missing: string[];
}

/** What fromPretrained returns: the model, what its checkpoint lacked or had extra, and the file the weights came from. */
export type LoadedMaskedLM = RobertaForMaskedLM & {
  loadReport: LoadReport;
  /** "model.safetensors", "pytorch_model.bin", or the index of a sharded checkpoint. */
  weightsFile: string;
};

/** Fetches one file of the checkpoint: from the folder, or from the Hub. Null when absent. */
type FileSource = (name: string) => Promise<string | null>;

/** A checkpoint's files, and (offline) the first one the cache lacked: the reason to give when nothing usable is found. */
interface Checkpoint {
  get: FileSource;
  offlineMiss(): HubOfflineError | null;
}

/** The models bundled with the app (resources/models/<name>), loaded by name with no network. */
export function bundledModels(): string[] {
  return bundledNames("models", "config.json");
}

function sourceFor(repoOrFolder: string, options: FromPretrainedOptions): Checkpoint {
  const folder = existsSync(repoOrFolder) && statSync(repoOrFolder).isDirectory() ? repoOrFolder : bundledFolder("models", repoOrFolder, "config.json");
  if (folder) return { get: async (name) => (existsSync(join(folder, name)) ? join(folder, name) : null), offlineMiss: () => null };
  if (repoOrFolder.startsWith(".") || repoOrFolder.startsWith("/") || repoOrFolder.split("/").length > 2) {
    throw new Error(`"${repoOrFolder}" is neither an existing folder, a bundled model (${bundledModels().join(", ") || "none"}) nor a Hub repo id ("org/name"): check the path.`);
  }
  let miss: HubOfflineError | null = null;
  const get: FileSource = async (name) => {
    try {
      return await hubFile(repoOrFolder, name, { revision: options.revision, hubUrl: options.hubUrl, cacheDir: options.cacheDir, token: options.token });
    } catch (e) {
      if (e instanceof EntryNotFoundError) return null;
      // Offline, a file the cached snapshot lacks counts as absent, as transformers treats it (a snapshot
      // from Python's snapshot_download has no .no_exist markers): the next candidate may be there.
      if (e instanceof HubOfflineError) {
        miss ??= e;
        return null;
      }
      throw e;
    }
  };
  return { get, offlineMiss: () => miss };
}

/** The weight files transformers looks for, in its order: safetensors first, then PyTorch's pickles (read as weights only). */
const WEIGHT_FILES = [
  { file: "model.safetensors", index: "model.safetensors.index.json", read: async (path: string) => (await readSafetensors(path)).tensors },
  { file: "pytorch_model.bin", index: "pytorch_model.bin.index.json", read: readPytorchBin },
];

async function readWeights(get: FileSource, where: string): Promise<{ tensors: Map<string, SafetensorsEntry>; source: string; weightsFile: string }> {
  for (const { file, index, read } of WEIGHT_FILES) {
    const single = await get(file);
    if (single) return { tensors: await read(single), source: single, weightsFile: file };
    const indexPath = await get(index);
    if (!indexPath) continue;
    const map = (await readJsonFile(indexPath, "Download the model again (delete it from the cache), or save it again with savePretrained.")) as { weight_map: Record<string, string> };
    const tensors = new Map<string, SafetensorsEntry>();
    for (const shard of new Set(Object.values(map.weight_map))) {
      const path = await get(shard);
      if (!path) throw new Error(`${where}: shard ${shard} named in ${index} is missing.`);
      for (const [k, v] of await read(path)) tensors.set(k, v);
    }
    return { tensors, source: indexPath, weightsFile: index };
  }
  throw new NoWeightsError(`${where} has no model.safetensors nor pytorch_model.bin (or their sharded index): is it a model repo or a folder written by savePretrained?`);
}

class NoWeightsError extends Error {
  name = "NoWeightsError";
}

export class AutoModelForMaskedLM {
  /** Loads a RoBERTa-family masked LM; the model's `loadReport` says what was unused or missing. */
  static async fromPretrained(repoOrFolder: string, options: FromPretrainedOptions = {}): Promise<LoadedMaskedLM> {
    recordCall("AutoModelForMaskedLM.fromPretrained", { repoOrFolder, ...(options.revision ? { revision: options.revision } : {}) });
    await ready();
    const checkpoint = sourceFor(repoOrFolder, options);
    const get = checkpoint.get;
    const configPath = await get("config.json");
    if (!configPath) throw checkpoint.offlineMiss() ?? new Error(`${repoOrFolder} has no config.json: is it a model repo or a folder written by savePretrained?`);
    const config = RobertaConfig.fromJSON((await readJsonFile(configPath, "Repair it, or write it again with savePretrained, or load the model from its Hub repo.")) as Record<string, unknown>);
    const { tensors, source, weightsFile } = await readWeights(get, repoOrFolder).catch((error: unknown) => {
      throw error instanceof NoWeightsError ? (checkpoint.offlineMiss() ?? error) : error;
    });
    if (weightsFile.startsWith("pytorch_model")) console.log(`${repoOrFolder}: the weights come from ${weightsFile} (a PyTorch pickle, read as weights only: none of its code was run).`);
    const { values, unused, missing } = mapCheckpoint(tensors, config, source);
    if (missing.length > 0) {
      for (const [k, v] of initialValues(config, missing, options.seed ?? 42)) values.set(k, v);
      console.warn(`Some weights of RobertaForMaskedLM were not initialized from the model checkpoint at ${repoOrFolder} and are newly initialized: [${missing.join(", ")}]\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`);
    }
    if (unused.length > 0) {
      console.warn(`Some weights of the model checkpoint at ${repoOrFolder} were not used when initializing RobertaForMaskedLM: [${unused.join(", ")}]`);
    }
    const model = new RobertaForMaskedLM(config, values, { seed: options.seed }) as LoadedMaskedLM;
    model.loadReport = { unused, missing };
    model.weightsFile = weightsFile;
    return model;
  }
}
