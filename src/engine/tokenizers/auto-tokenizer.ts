// AutoTokenizer.fromPretrained: a folder, a tokenizer bundled with the app ("roberta-base-tokenizer"),
// or a Hub repo (through the engine's Hub client and the HF cache). Reads tokenizer.json, else
// vocab.json + merges.txt, with tokenizer_config.json and special_tokens_map.json.
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { EntryNotFoundError, HubOfflineError, hubFile, type HubFileOptions } from "../hub/index";
import { recordCall } from "../runtime/record";
import { bundledFolder, bundledNames } from "../runtime/resources";
import { setNotebookTokenizer } from "../runtime/tokens";
import { TokenizerFileError, checkOptionNames } from "./errors";
import { specFromVocabAndMerges } from "./legacy-files";
import { applyClassDefaults, tokenizerFamily, type TokenizerFamily } from "./tokenizer-classes";
import { applyConfigFile, defaultConfig, type TokenizerConfig } from "./tokenizer-config";
import { parseTokenizerJson, type TokenizerSpec } from "./tokenizer-json";
import { PreTrainedTokenizerFast, type TokenizerOverrides } from "./tokenizer";

export interface FromPretrainedOptions extends TokenizerOverrides, Omit<HubFileOptions, "repoType"> {
  /** Name the tokenizer reports (a worker rebuilding it from its folder keeps the original name). */
  nameOrPath?: string;
}

const OPTIONAL = ["tokenizer_config.json", "special_tokens_map.json", "config.json"] as const;
const OPTION_NAMES = [
  "nameOrPath", "revision", "hubUrl", "cacheDir", "token",
  "bosToken", "eosToken", "unkToken", "sepToken", "padToken", "clsToken", "maskToken",
  "modelMaxLength", "paddingSide", "truncationSide",
];

/** Where a tokenizer's files are: read from a folder, or fetched one by one from the Hub. */
type FileSource = (name: string) => Promise<string | null>;

export const AutoTokenizer = {
  /**
   * Loads a tokenizer like transformers' AutoTokenizer.from_pretrained. `nameOrPath` is a folder,
   * a bundled tokenizer (see `AutoTokenizer.bundled()`: "roberta-base-tokenizer"), or a Hub repo id
   * such as "distilbert/distilroberta-base". Options override the files' special tokens
   * (e.g. `{ padToken: "</s>" }`) and pass Hub settings (revision, hubUrl, cacheDir, token).
   */
  async fromPretrained(nameOrPath: string, options: FromPretrainedOptions = {}): Promise<PreTrainedTokenizerFast> {
    if (typeof nameOrPath !== "string" || nameOrPath === "") {
      throw new TypeError(`AutoTokenizer.fromPretrained needs a folder, a bundled tokenizer name (${AutoTokenizer.bundled().join(", ")}) or a Hub repo id; got ${JSON.stringify(nameOrPath)}.`);
    }
    checkOptionNames("AutoTokenizer.fromPretrained", options, OPTION_NAMES);
    const { nameOrPath: reportedName, revision, hubUrl, cacheDir, token, ...overrides } = options;
    recordCall("AutoTokenizer.fromPretrained", { nameOrPath, ...overrides });
    const folder = localFolder(nameOrPath);
    let source: FileSource;
    let where: string;
    const hubPaths = new Map<string, string>();
    if (folder) {
      where = folder;
      source = async (name) => {
        const path = join(folder, name);
        return existsSync(path) ? readText(path, name) : null;
      };
    } else {
      if (looksLikePath(nameOrPath)) {
        throw new TokenizerFileError(nameOrPath, "no such folder", `Give an existing folder with tokenizer.json (or vocab.json + merges.txt), a bundled tokenizer (${AutoTokenizer.bundled().join(", ")}), or a Hub repo id.`);
      }
      where = nameOrPath;
      source = async (name) => {
        try {
          const path = await hubFile(nameOrPath, name, { revision, hubUrl, cacheDir, token });
          hubPaths.set(name, path);
          return readText(path, name);
        } catch (error) {
          if (error instanceof EntryNotFoundError) return null;
          // Offline, an optional file missing from the cached snapshot was absent on the Hub when the
          // snapshot was made (fromPretrained fetches every one it finds), so it counts as absent.
          if (error instanceof HubOfflineError && (OPTIONAL as readonly string[]).includes(name)) return null;
          throw error;
        }
      };
    }
    const read = new Map<string, string>();
    const recording: FileSource = async (name) => {
      const text = await source(name);
      if (text !== null) read.set(name, text);
      return text;
    };
    const { spec, config, family } = await readTokenizer(where, recording);
    // Hub files sit together in one snapshot folder, which a worker can read without the network.
    const filesFolder = folder ?? dirname(hubPaths.get("tokenizer.json") ?? hubPaths.get("vocab.json")!);
    const tokenizer = new PreTrainedTokenizerFast(reportedName ?? nameOrPath, { folder: filesFolder, texts: read, family }, spec, config, overrides);
    // The notebook's tokenizer: dataset tables show input_ids / labels as its tokens.
    setNotebookTokenizer(tokenizer);
    return tokenizer;
  },

  /** Names of the tokenizers bundled with the app: resources/tokenizers, and the bundled models (which carry theirs, as Hub model repos do). */
  bundled(): string[] {
    return [...bundledNames("tokenizers", "tokenizer.json"), ...bundledNames("models", "tokenizer.json")];
  },
};

interface ReadTokenizer {
  spec: TokenizerSpec;
  config: TokenizerConfig;
  family: TokenizerFamily | null;
}

async function readTokenizer(where: string, source: FileSource): Promise<ReadTokenizer> {
  const config = defaultConfig();
  const [configText, mapText, modelConfigText] = await Promise.all(OPTIONAL.map((n) => source(n)));
  if (configText !== null) applyConfigFile(config, join(where, "tokenizer_config.json"), configText);
  if (mapText !== null) applyConfigFile(config, join(where, "special_tokens_map.json"), mapText);

  // As AutoTokenizer does: the class from tokenizer_config.json, else from config.json's model_type.
  let family = tokenizerFamily(config.tokenizerClass);
  if (!family && modelConfigText !== null) {
    try {
      family = tokenizerFamily(String((JSON.parse(modelConfigText) as { model_type?: unknown }).model_type ?? ""));
    } catch {
      // An unreadable config.json only means no hint about the class.
    }
  }
  if (family) applyClassDefaults(config, family);

  let tokenizerJson: string | null = null;
  let offline: HubOfflineError | null = null;
  try {
    tokenizerJson = await source("tokenizer.json");
  } catch (error) {
    // Offline with only vocab.json + merges.txt cached (a repo without tokenizer.json): use those.
    if (!(error instanceof HubOfflineError)) throw error;
    offline = error;
  }
  if (tokenizerJson !== null) return { spec: parseTokenizerJson(join(where, "tokenizer.json"), tokenizerJson), config, family };

  const legacy = Promise.all([source("vocab.json"), source("merges.txt")]);
  const [vocabText, mergesText] = offline ? await legacy.catch(() => Promise.reject(offline)) : await legacy;
  if (vocabText === null || mergesText === null) {
    const missing = vocabText === null && mergesText === null ? "tokenizer.json (or vocab.json + merges.txt)" : vocabText === null ? "vocab.json (merges.txt is there)" : "merges.txt (vocab.json is there)";
    throw new TokenizerFileError(where, `${missing} is missing`, "A byte-level BPE tokenizer needs tokenizer.json, or vocab.json with merges.txt; check the folder or repo name.");
  }
  if (!family) {
    throw new TokenizerFileError(
      join(where, "tokenizer_config.json"),
      `names no tokenizer_class this engine knows (${JSON.stringify(config.tokenizerClass)}) and there is no config.json with a known model_type, so vocab.json + merges.txt cannot be read`,
      'Set "tokenizer_class" to "RobertaTokenizer" or "GPT2Tokenizer", or provide tokenizer.json.',
    );
  }
  return { spec: specFromVocabAndMerges(join(where, "vocab.json"), vocabText, join(where, "merges.txt"), mergesText, config, family), config, family };
}

async function readText(path: string, name: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new TokenizerFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, `Check that ${name} is a readable file.`);
  }
}

/** The folder nameOrPath stands for locally: an existing folder, else a bundled tokenizer or model; null for a Hub id. */
function localFolder(nameOrPath: string): string | null {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isDirectory()) return resolve(nameOrPath);
  return bundledFolder("tokenizers", nameOrPath, "tokenizer.json") ?? bundledFolder("models", nameOrPath, "tokenizer.json");
}

function looksLikePath(name: string): boolean {
  return name.startsWith(".") || name.startsWith("/") || name.startsWith("~") || name.includes("\\") || name.split("/").length > 2;
}

