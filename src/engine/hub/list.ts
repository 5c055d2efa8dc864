// Listing a repo's files (the tree API) through @huggingface/hub, with failures turned into
// the typed errors of ./errors (the library's own error drops the Hub's X-Error-Code).
import { listFiles } from "@huggingface/hub";
import { readdir, readlink, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { HubOfflineError, isNetworkError } from "./errors";
import { cachedCommit, hubHttpError, resolveRepoRef, type HubFileOptions, type RepoRef } from "./download";
import { hubOffline, repoCacheFolder } from "./paths";
import { hubFetch } from "./hub-fetch";

export interface RepoFile {
  path: string;
  size: number;
  /** Content id: the LFS sha256 or the git blob sha1. */
  oid: string;
}

/** A fetch that throws our typed error on any failed answer, so callers see the Hub's reason. */
function typedFetch(ref: RepoRef): typeof fetch {
  return async (input, init) => {
    const res = await hubFetch(ref.hubUrl, `the file list of ${ref.repoId}`, "etag")(input, init);
    if (!res.ok) throw hubHttpError(res, ref);
    return res;
  };
}

/** Every file of the repo at the revision (recursively), optionally under a folder. */
export async function listRepoFiles(repoId: string, options: HubFileOptions & { path?: string } = {}): Promise<RepoFile[]> {
  const ref = resolveRepoRef(repoId, options);
  if (hubOffline()) throw new HubOfflineError(ref.hubUrl, `the file list of ${ref.repoId}`);
  const files: RepoFile[] = [];
  try {
    // The tree API takes the revision unencoded in the path (as the library sends it); encode it like huggingface_hub.
    for await (const entry of listFiles({
      repo: { type: ref.repoType, name: ref.repoId },
      revision: encodeURIComponent(ref.revision),
      path: options.path,
      recursive: true,
      hubUrl: ref.hubUrl,
      accessToken: ref.token,
      fetch: typedFetch(ref),
    })) {
      if (entry.type === "file") files.push({ path: entry.path, size: entry.size, oid: entry.lfs?.oid ?? entry.oid ?? "" });
    }
  } catch (error) {
    if (isNetworkError(error)) throw new HubOfflineError(ref.hubUrl, `the file list of ${ref.repoId}`, error);
    throw error;
  }
  return files;
}

/**
 * The files of the repo's cached snapshot for the revision (as last resolved online), for
 * working offline; null when that revision was never cached.
 */
export async function cachedRepoFiles(repoId: string, options: HubFileOptions = {}): Promise<RepoFile[] | null> {
  const ref = resolveRepoRef(repoId, options);
  const commit = await cachedCommit(ref);
  if (!commit) return null;
  const root = join(repoCacheFolder(ref.cacheDir, ref.repoType, ref.repoId), "snapshots", commit);
  let entries: string[];
  try {
    entries = (await readdir(root, { recursive: true })) as string[];
  } catch {
    return null;
  }
  const files: RepoFile[] = [];
  for (const entry of entries) {
    const full = join(root, entry);
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) continue;
    const oid = await readlink(full).then((target) => basename(target), () => "");
    files.push({ path: relative(root, full).split("\\").join("/"), size: info.size, oid });
  }
  return files;
}
