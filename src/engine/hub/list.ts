// Listing a repo's files (the tree API) through @huggingface/hub, with failures turned into
// the typed errors of ./errors (the library's own error drops the Hub's X-Error-Code).
import { listFiles } from "@huggingface/hub";
import { HubOfflineError, isNetworkError } from "./errors";
import { hubHttpError, resolveRepoRef, type HubFileOptions, type RepoRef } from "./download";

export interface RepoFile {
  path: string;
  size: number;
}

/** A fetch that throws our typed error on any failed answer, so callers see the Hub's reason. */
export function typedFetch(ref: RepoRef): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    if (!res.ok) throw hubHttpError(res, ref);
    return res;
  };
}

/** Every file of the repo at the revision (recursively), optionally under a folder. */
export async function listRepoFiles(repoId: string, options: HubFileOptions & { path?: string } = {}): Promise<RepoFile[]> {
  const ref = resolveRepoRef(repoId, options);
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
      if (entry.type === "file") files.push({ path: entry.path, size: entry.size });
    }
  } catch (error) {
    if (isNetworkError(error)) throw new HubOfflineError(ref.hubUrl, `the file list of ${ref.repoId}`, error);
    throw error;
  }
  return files;
}
