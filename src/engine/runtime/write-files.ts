// Writing to folders a person names: created one level at a time, and failures worded with the
// path and the cause. Node's `mkdir(…, { recursive: true })` never settles under /proc (it keeps
// retrying the ENOENT that a virtual file system answers), so no writer here uses it.
import { existsSync } from "node:fs";
import { mkdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

/** Why writing `path` failed, in words (the errno stays in `code` for code that needs it). */
export function writeFailureReason(path: string, error: unknown): string {
  const { code, path: failedAt } = (error ?? {}) as NodeJS.ErrnoException;
  // The file or folder the system refused, which may be below `path` (a checkpoint's temporary folder).
  const folder = dirname(failedAt ?? path);
  switch (code) {
    case "ENOENT": return existsSync(folder) ? `the folder ${folder} takes no new files (a virtual file system such as /proc)` : `the folder ${folder} does not exist`;
    case "EACCES":
    case "EPERM": return "you have no permission to write there";
    case "EROFS": return "the file system is read-only";
    case "ENOTDIR": return "a part of the path is a file, not a folder";
    case "EISDIR": return "it is a folder";
    case "ENOSPC": return "the disk is full";
    case "EDQUOT": return "the disk quota is used up";
    default: return (error as Error)?.message ?? String(error);
  }
}

export class WriteFailedError extends Error {
  readonly code: string | undefined;
  constructor(readonly path: string, what: string, cause: unknown, fix = "Choose a folder you can write to.") {
    super(`Cannot write ${what} to ${path}: ${writeFailureReason(path, cause)}. ${fix}`, { cause });
    this.name = "WriteFailedError";
    this.code = (cause as NodeJS.ErrnoException)?.code;
  }
}

/** Creates `folder` and its missing parents, one `mkdir` each, so it settles everywhere (/proc included). */
export async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    const found = await stat(dir).catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(e)));
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${dir} is a file`), { code: "ENOTDIR" });
      break;
    }
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((e: NodeJS.ErrnoException) => (e.code === "EEXIST" ? undefined : Promise.reject(e)));
  }
}

/** Fails now, with the path and the cause, where a writer would fail later (e.g. at the first checkpoint). */
export async function checkWritableFolder(folder: string, what: string, fix?: string): Promise<void> {
  const probe = join(resolve(folder), `.mlm-notebook-write-check-${process.pid}`);
  try {
    await makeFolder(folder);
    await writeFile(probe, "");
  } catch (e) {
    throw new WriteFailedError(resolve(folder), what, e, fix);
  }
  await rm(probe, { force: true });
}
