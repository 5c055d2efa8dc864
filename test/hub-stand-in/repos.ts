// The stand-in's repo store: repos as branches of commits, each commit a full file map.
// Hashes follow the Hub: git blob sha1 for regular files, sha256 for LFS files.
import { createHash, randomBytes } from "node:crypto";

export type RepoType = "model" | "dataset";
export type FileContent = Uint8Array | string;

export interface StoredFile {
  path: string;
  bytes: Uint8Array;
  /** git blob sha1 (what the tree API calls oid). */
  oid: string;
  /** sha256, for LFS files only. */
  lfsOid?: string;
}

export interface Commit {
  id: string;
  title: string;
  date: string;
  files: Map<string, StoredFile>;
}

export interface Repo {
  type: RepoType;
  id: string;
  private: boolean;
  /** Owner name; only this user's token (or an org member's) may read a private repo or write. */
  owner: string;
  /** Branch or ref name ("main", "refs/convert/parquet") → commits, newest last. */
  refs: Map<string, Commit[]>;
  /** A gated repo: its files (not its listing, as on the Hub) only for the owner and `approved` users. */
  gated: boolean;
  approved: Set<string>;
}

/** Extensions the Hub's default .gitattributes sends to LFS. */
const LFS_EXTENSIONS = /\.(parquet|arrow|safetensors|bin|pt|pth|h5|msgpack|onnx|gz|zip|tar|zst|npy|npz|ckpt|pkl)$/i;

export function toBytes(content: FileContent): Uint8Array {
  return typeof content === "string" ? new TextEncoder().encode(content) : content;
}

export function storeFile(path: string, content: FileContent): StoredFile {
  const bytes = toBytes(content);
  const oid = createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
  const lfsOid = LFS_EXTENSIONS.test(path) ? createHash("sha256").update(bytes).digest("hex") : undefined;
  return { path, bytes, oid, lfsOid };
}

export function newCommit(title: string, files: Map<string, StoredFile>): Commit {
  return { id: randomBytes(20).toString("hex"), title, date: new Date().toISOString(), files };
}

/** Revision → commit: a branch/ref name (its head) or a commit id anywhere in the repo. */
export function findCommit(repo: Repo, revision: string): Commit | undefined {
  const branch = repo.refs.get(revision);
  if (branch) return branch.at(-1);
  for (const commits of repo.refs.values()) {
    const hit = commits.find((c) => c.id === revision);
    if (hit) return hit;
  }
  return undefined;
}

/** The entry a file gets in tree / paths-info answers. */
export function treeEntry(file: StoredFile, commit: Commit | null): Record<string, unknown> {
  return {
    type: "file",
    oid: file.oid,
    size: file.bytes.byteLength,
    path: file.path,
    ...(file.lfsOid && { lfs: { oid: file.lfsOid, size: file.bytes.byteLength, pointerSize: 134 } }),
    ...(commit && { lastCommit: { id: commit.id, title: commit.title, date: commit.date } }),
  };
}
