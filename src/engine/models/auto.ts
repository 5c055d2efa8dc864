// AutoModelForMaskedLM.fromPretrained: a local folder or a Hub repo (through hubFile, into the
// HF cache), config.json + model.safetensors (or a sharded model.safetensors.index.json).
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { ready } from "../backend/choose";
import { EntryNotFoundError, hubFile } from "../hub/index";
import { readJsonFile } from "../runtime/json-file";
import { recordCall } from "../runtime/record";
import { bundledFolder, bundledNames } from "../runtime/resources";
import { RobertaConfig } from "./roberta-config";
import { RobertaForMaskedLM, initialValues } from "./roberta-for-masked-lm";
import { mapCheckpoint } from "./roberta-weights";
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

/** Fetches one file of the checkpoint: from the folder, or from the Hub. Null when absent. */
type FileSource = (name: string) => Promise<string | null>;

/** The models bundled with the app (resources/models/<name>), loaded by name with no network. */
export function bundledModels(): string[] {
  return bundledNames("models", "config.json");
}

function sourceFor(repoOrFolder: string, options: FromPretrainedOptions): FileSource {
  const folder = existsSync(repoOrFolder) && statSync(repoOrFolder).isDirectory() ? repoOrFolder : bundledFolder("models", repoOrFolder, "config.json");
  if (folder) return async (name) => (existsSync(join(folder, name)) ? join(folder, name) : null);
  if (repoOrFolder.startsWith(".") || repoOrFolder.startsWith("/") || repoOrFolder.split("/").length > 2) {
    throw new Error(`"${repoOrFolder}" is neither an existing folder, a bundled model (${bundledModels().join(", ") || "none"}) nor a Hub repo id ("org/name"): check the path.`);
  }
  return async (name) => {
    try {
      return await hubFile(repoOrFolder, name, { revision: options.revision, hubUrl: options.hubUrl, cacheDir: options.cacheDir, token: options.token });
    } catch (e) {
      if (e instanceof EntryNotFoundError) return null;
      throw e;
    }
  };
}

async function readWeights(get: FileSource, where: string): Promise<{ tensors: Map<string, SafetensorsEntry>; source: string }> {
  const single = await get("model.safetensors");
  if (single) return { tensors: (await readSafetensors(single)).tensors, source: single };
  const index = await get("model.safetensors.index.json");
  if (index) {
    const map = (await readJsonFile(index, "Download the model again (delete it from the cache), or save it again with savePretrained.")) as { weight_map: Record<string, string> };
    const tensors = new Map<string, SafetensorsEntry>();
    for (const shard of new Set(Object.values(map.weight_map))) {
      const path = await get(shard);
      if (!path) throw new Error(`${where}: shard ${shard} named in model.safetensors.index.json is missing.`);
      for (const [k, v] of (await readSafetensors(path)).tensors) tensors.set(k, v);
    }
    return { tensors, source: index };
  }
  const bin = await get("pytorch_model.bin");
  throw new Error(
    bin
      ? `${where} has only pytorch_model.bin (a Python pickle), which cannot be read here: convert it to model.safetensors (transformers: save_pretrained(..., safe_serialization=True)).`
      : `${where} has no model.safetensors: is it a model repo or a folder written by savePretrained?`,
  );
}

export class AutoModelForMaskedLM {
  /** Loads a RoBERTa-family masked LM; the model's `loadReport` says what was unused or missing. */
  static async fromPretrained(repoOrFolder: string, options: FromPretrainedOptions = {}): Promise<RobertaForMaskedLM & { loadReport: LoadReport }> {
    recordCall("AutoModelForMaskedLM.fromPretrained", { repoOrFolder, ...(options.revision ? { revision: options.revision } : {}) });
    await ready();
    const get = sourceFor(repoOrFolder, options);
    const configPath = await get("config.json");
    if (!configPath) throw new Error(`${repoOrFolder} has no config.json: is it a model repo or a folder written by savePretrained?`);
    const config = RobertaConfig.fromJSON((await readJsonFile(configPath, "Repair it, or write it again with savePretrained, or load the model from its Hub repo.")) as Record<string, unknown>);
    const { tensors, source } = await readWeights(get, repoOrFolder);
    const { values, unused, missing } = mapCheckpoint(tensors, config, source);
    if (missing.length > 0) {
      for (const [k, v] of initialValues(config, missing, options.seed ?? 42)) values.set(k, v);
      console.warn(`Some weights of RobertaForMaskedLM were not initialized from the model checkpoint at ${repoOrFolder} and are newly initialized: [${missing.join(", ")}]\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`);
    }
    if (unused.length > 0) {
      console.warn(`Some weights of the model checkpoint at ${repoOrFolder} were not used when initializing RobertaForMaskedLM: [${unused.join(", ")}]`);
    }
    const model = new RobertaForMaskedLM(config, values, { seed: options.seed }) as RobertaForMaskedLM & { loadReport: LoadReport };
    model.loadReport = { unused, missing };
    return model;
  }
}
