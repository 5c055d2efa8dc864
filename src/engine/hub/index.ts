// Hub access: token, whoami, files into the shared Hugging Face cache.
export { hubFile, type HubFileOptions } from "./download";
export { listRepoFiles, cachedRepoFiles, type RepoFile } from "./list";
export { login, logout, whoAmI, type HubUser, type LoginResult } from "./login";
export { getToken } from "./token";
export { hubCacheDir, hfHome, datasetsCacheDir, type RepoType } from "./paths";
export { HubError, RepoNotFoundError, RevisionNotFoundError, EntryNotFoundError, HubAuthError, HubOfflineError, GatedRepoError, HubRateLimitError } from "./errors";
export { HubTimeoutError } from "./timeouts";
export { notebookLogin, maskToken, LOGIN_MIME, type LoginView } from "./notebook-login";
