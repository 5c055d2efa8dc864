// hubFile: one file of a Hub repo, as a local path inside the Hugging Face cache layout
// (<cache>/models--org--name/{blobs/<etag>, snapshots/<commit>/<path> -> blob, refs/<revision>}).
//
// Written here rather than calling @huggingface/hub's downloadFileToCacheDir because that one
// names the snapshot after the file's last commit instead of the revision's head commit and
// writes no refs/, so huggingface_hub (Python) and offline lookups would not find the files.
// The metadata request mirrors huggingface_hub's get_hf_file_metadata (HEAD, X-Repo-Commit,
// X-Linked-Etag); the transfer itself goes through @huggingface/hub's downloadFile.
import { downloadFile } from "@huggingface/hub";
import { createWriteStream, existsSync } from "node:fs";
import { copyFile, lstat, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { makeFolder } from "../runtime/write-files";
import { dirname, join, relative } from "node:path";
import { startProgress } from "../runtime/progress";
import { throwIfAborted } from "../runtime/abort";
import { EntryNotFoundError, GatedRepoError, HubAuthError, HubError, HubOfflineError, HubRateLimitError, RepoNotFoundError, RevisionNotFoundError, isNetworkError } from "./errors";
import { hubFetch, retryAfterSeconds } from "./hub-fetch";
import { defaultHubUrl, hubCacheDir, hubOffline, repoCacheFolder, type RepoType } from "./paths";
import { HubTimeoutError } from "./timeouts";
import { getToken } from "./token";

export interface HubFileOptions {
  repoType?: RepoType;
  /** Branch, tag or commit; default "main". */
  revision?: string;
  hubUrl?: string;
  /** The hub cache folder (default HF_HUB_CACHE / $HF_HOME/hub). */
  cacheDir?: string;
  /** Default: HF_TOKEN or the stored login token. */
  token?: string;
}

const COMMIT = /^[0-9a-f]{40}$/;

export interface RepoRef {
  repoId: string;
  repoType: RepoType;
  revision: string;
  hubUrl: string;
  cacheDir: string;
  token: string | undefined;
}

export function resolveRepoRef(repoId: string, options: HubFileOptions = {}): RepoRef {
  return {
    repoId,
    repoType: options.repoType ?? "model",
    revision: options.revision ?? "main",
    hubUrl: (options.hubUrl ?? defaultHubUrl()).replace(/\/+$/, ""),
    cacheDir: options.cacheDir ?? hubCacheDir(),
    token: options.token ?? getToken() ?? undefined,
  };
}

/** The local path of `path` in the repo, downloaded into the HF cache unless already there. */
export async function hubFile(repoId: string, path: string, options: HubFileOptions = {}): Promise<string> {
  const ref = resolveRepoRef(repoId, options);
  const storage = repoCacheFolder(ref.cacheDir, ref.repoType, ref.repoId);
  if (COMMIT.test(ref.revision)) {
    const pinned = join(storage, "snapshots", ref.revision, path);
    if (existsSync(pinned)) return pinned;
    if (existsSync(noExistMarker(storage, ref.revision, path))) throw new EntryNotFoundError(ref.repoId, path, ref.revision, ref.revision);
  }
  if (hubOffline()) return cachedOrThrow(ref, storage, path, undefined);

  let meta: FileMetadata;
  try {
    meta = await fileMetadata(ref, path);
  } catch (error) {
    if (isNetworkError(error) || error instanceof HubTimeoutError) return cachedOrThrow(ref, storage, path, error);
    if (error instanceof EntryNotFoundError && error.commit) await rememberMissing(ref, storage, error.commit, path);
    throw error;
  }
  await writeRef(ref, storage, meta.commit);
  const pointer = join(storage, "snapshots", meta.commit, path);
  if (existsSync(pointer)) return pointer;
  const blob = join(storage, "blobs", meta.etag);
  if (!existsSync(blob)) await downloadOnce(blob, () => downloadBlob(ref, path, meta, blob));
  await linkPointer(blob, pointer);
  return pointer;
}

// Two calls for the same blob at once share one transfer (they would otherwise write the same .incomplete file).
const inFlight = new Map<string, Promise<void>>();

function downloadOnce(blob: string, download: () => Promise<void>): Promise<void> {
  let pending = inFlight.get(blob);
  if (!pending) {
    pending = download().finally(() => inFlight.delete(blob));
    inFlight.set(blob, pending);
  }
  return pending;
}

/** The commit a revision resolved to when last online (refs/<revision>), if any. */
export async function cachedCommit(ref: RepoRef): Promise<string | null> {
  if (COMMIT.test(ref.revision)) return ref.revision;
  try {
    return (await readFile(join(repoCacheFolder(ref.cacheDir, ref.repoType, ref.repoId), "refs", ref.revision), "utf8")).trim();
  } catch {
    return null;
  }
}

async function writeRef(ref: RepoRef, storage: string, commit: string): Promise<void> {
  if (ref.revision === commit) return;
  await makeFolder(join(storage, "refs", dirname(ref.revision)));
  await writeFile(join(storage, "refs", ref.revision), commit);
}

/** huggingface_hub's record of a file the Hub said is absent at a commit (an empty file), so offline loads know it is not just uncached. */
function noExistMarker(storage: string, commit: string, path: string): string {
  return join(storage, ".no_exist", commit, path);
}

async function rememberMissing(ref: RepoRef, storage: string, commit: string, path: string): Promise<void> {
  await writeRef(ref, storage, commit);
  const marker = noExistMarker(storage, commit, path);
  await makeFolder(dirname(marker));
  await writeFile(marker, "");
}

async function cachedOrThrow(ref: RepoRef, storage: string, path: string, cause: unknown): Promise<string> {
  const commit = await cachedCommit(ref);
  const pointer = commit ? join(storage, "snapshots", commit, path) : null;
  if (pointer && existsSync(pointer)) return pointer;
  if (commit && existsSync(noExistMarker(storage, commit, path))) throw new EntryNotFoundError(ref.repoId, path, ref.revision, commit);
  throw cause instanceof HubTimeoutError ? cause : new HubOfflineError(ref.hubUrl, `${ref.repoId}/${path}`, cause);
}

interface FileMetadata {
  commit: string;
  etag: string;
  size: number;
  url: string;
}

function resolveUrl(ref: RepoRef, path: string, revision = ref.revision): string {
  const prefix = ref.repoType === "dataset" ? "datasets/" : "";
  return `${ref.hubUrl}/${prefix}${ref.repoId}/resolve/${encodeURIComponent(revision)}/${path.split("/").map(encodeURIComponent).join("/")}`;
}

function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function fileMetadata(ref: RepoRef, path: string): Promise<FileMetadata> {
  let url = resolveUrl(ref, path);
  // Follow only same-Hub redirects (renamed repos); a CDN redirect already carries the headers we need.
  for (let hop = 0; hop < 5; hop++) {
    const res = await hubFetch(ref.hubUrl, `${ref.repoId}/${path}`, "etag")(url, { method: "HEAD", redirect: "manual", headers: { ...authHeaders(ref.token), "Accept-Encoding": "identity" } });
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location && !res.headers.get("x-linked-etag")) {
      const next = new URL(location, url);
      if (next.origin === new URL(ref.hubUrl).origin) {
        warnIfMoved(ref, next.pathname);
        url = next.href;
        continue;
      }
    }
    if (!res.ok && !(res.status >= 300 && res.status < 400)) throw hubHttpError(res, ref, path);
    const commit = res.headers.get("x-repo-commit");
    const etag = (res.headers.get("x-linked-etag") ?? res.headers.get("etag") ?? "").replace(/^W\//, "").replace(/"/g, "");
    const size = Number(res.headers.get("x-linked-size") ?? res.headers.get("content-length"));
    if (!commit || !etag) throw new HubError(`The Hub answered for ${ref.repoId}/${path} without X-Repo-Commit or ETag headers; is ${ref.hubUrl} a Hugging Face Hub?`, res.status);
    return { commit, etag, size, url: location && res.status >= 300 ? new URL(location, url).href : url };
  }
  throw new HubError(`Too many redirects resolving ${ref.repoId}/${path}`, null);
}

/** The repo's page on the Hub, where a person accepts a gated repo's conditions. */
function repoPage(ref: RepoRef): string {
  return `${ref.hubUrl}/${ref.repoType === "dataset" ? "datasets/" : ""}${ref.repoId}`;
}

const movedWarned = new Set<string>();

/** A renamed repo answers with a redirect to its new name: it still works, but the old name may go. */
function warnIfMoved(ref: RepoRef, pathname: string): void {
  const parts = decodeURIComponent(pathname).split("/").filter(Boolean);
  const at = parts.indexOf("resolve");
  const newId = parts.slice(ref.repoType === "dataset" ? 1 : 0, at).join("/");
  if (at < 0 || newId === ref.repoId || movedWarned.has(ref.repoId)) return;
  movedWarned.add(ref.repoId);
  console.warn(`"${ref.repoId}" has moved to "${newId}" on the Hub; the old name redirects for now: use "${newId}" in your code.`);
}

/** Maps a failed Hub answer to the typed error a person can act on. */
export function hubHttpError(res: Response, ref: RepoRef, path?: string): HubError {
  const code = res.headers.get("x-error-code");
  const hadToken = ref.token !== undefined;
  if (code === "GatedRepo") return new GatedRepoError(ref.repoId, repoPage(ref), res.status, hadToken);
  if (res.status === 429) return new HubRateLimitError(`${ref.repoId}${path ? `/${path}` : ""}`, retryAfterSeconds(res), hadToken);
  if (code === "RepoNotFound" || (res.status === 404 && !code && !path)) return new RepoNotFoundError(ref.repoId, ref.repoType, res.status, hadToken);
  if (code === "RevisionNotFound") return new RevisionNotFoundError(ref.repoId, ref.revision);
  if (code === "EntryNotFound" || (res.status === 404 && path)) return new EntryNotFoundError(ref.repoId, path ?? "", ref.revision, res.headers.get("x-repo-commit"));
  if (res.status === 401 || res.status === 403) return new HubAuthError(`"${ref.repoId}"`, res.status, hadToken);
  return new HubError(`The Hub answered HTTP ${res.status} for ${ref.repoId}${path ? `/${path}` : ""}: ${res.headers.get("x-error-message") ?? res.statusText}`, res.status);
}

async function downloadBlob(ref: RepoRef, path: string, meta: FileMetadata, blobPath: string): Promise<void> {
  await makeFolder(dirname(blobPath));
  const incomplete = `${blobPath}.incomplete`;
  const blob = await downloadFile({
    repo: { type: ref.repoType, name: ref.repoId },
    path,
    revision: meta.commit,
    hubUrl: ref.hubUrl,
    // A redirect to a CDN is a signed URL: the token stays with the Hub, as huggingface_hub does.
    accessToken: new URL(meta.url).origin === new URL(ref.hubUrl).origin ? ref.token : undefined,
    downloadInfo: { etag: meta.etag, size: meta.size, url: meta.url },
    fetch: hubFetch(ref.hubUrl, `${ref.repoId}/${path}`, "download"),
  });
  if (!blob) throw new EntryNotFoundError(ref.repoId, path, ref.revision);
  const progress = startProgress(`Downloading ${path}`, meta.size, "B");
  const out = createWriteStream(incomplete);
  try {
    const reader = blob.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      throwIfAborted();
      if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", resolve));
      progress.advance(value.byteLength);
    }
    throwIfAborted();
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (error) {
    out.destroy();
    await rm(incomplete, { force: true });
    throw isNetworkError(error) || typeof error === "string" ? new HubOfflineError(ref.hubUrl, `${ref.repoId}/${path}`, error instanceof Error ? error : new Error(String(error))) : error;
  } finally {
    progress.finish();
  }
  await rename(incomplete, blobPath);
}

/** A relative symlink like huggingface_hub's (survives moving the cache); a copy where symlinks are not allowed. */
async function linkPointer(blob: string, pointer: string): Promise<void> {
  if (existsSync(pointer)) return;
  await makeFolder(dirname(pointer));
  const entry = await lstat(pointer).catch(() => null);
  if (entry && !existsSync(pointer)) await rm(pointer, { force: true }); // a dangling link left by a deleted blob
  try {
    await symlink(relative(dirname(pointer), blob), pointer);
  } catch (error) {
    // Another call linked it meanwhile: done. Never copy onto an existing link: that would write into the blob itself.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
    await copyFile(blob, pointer);
  }
}
