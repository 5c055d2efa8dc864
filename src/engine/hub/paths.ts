// Where Hugging Face keeps things on disk and which Hub to talk to, resolved the way
// huggingface_hub does (same variables, same defaults) so Python and this app share one cache.
import { homedir } from "node:os";
import { join } from "node:path";

const env = (name: string): string | undefined => {
  const value = process.env[name];
  return value === undefined || value === "" ? undefined : value;
};

/** HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface. */
export function hfHome(): string {
  return env("HF_HOME") ?? join(env("XDG_CACHE_HOME") ?? join(homedir(), ".cache"), "huggingface");
}

/** HF_HUB_CACHE (or the older HUGGINGFACE_HUB_CACHE), else $HF_HOME/hub. */
export function hubCacheDir(): string {
  return env("HF_HUB_CACHE") ?? env("HUGGINGFACE_HUB_CACHE") ?? join(hfHome(), "hub");
}

/** HF_DATASETS_CACHE, else $HF_HOME/datasets. */
export function datasetsCacheDir(): string {
  return env("HF_DATASETS_CACHE") ?? join(hfHome(), "datasets");
}

/** HF_TOKEN_PATH, else $HF_HOME/token. */
export function tokenPath(): string {
  return env("HF_TOKEN_PATH") ?? join(hfHome(), "token");
}

/** HF_ENDPOINT, else the public Hub. */
export function defaultHubUrl(): string {
  return (env("HF_ENDPOINT") ?? "https://huggingface.co").replace(/\/+$/, "");
}

/** HF_HUB_OFFLINE=1: never touch the network, use only what is cached. */
export function hubOffline(): boolean {
  return ["1", "true", "yes", "on"].includes((env("HF_HUB_OFFLINE") ?? "").toLowerCase());
}

export type RepoType = "model" | "dataset";

/** The cache folder of one repo: `models--org--name`, `datasets--org--name`. */
export function repoCacheFolder(cacheDir: string, repoType: RepoType, repoId: string): string {
  return join(cacheDir, [`${repoType}s`, ...repoId.split("/")].join("--"));
}
