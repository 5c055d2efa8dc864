// Writing an export: a temporary file beside the target, renamed into place, so a failure leaves
// nothing partial behind; errors name the path and what to do.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rm, writeFile, rename } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

export class ExportWriteError extends Error {
  constructor(readonly path: string, cause: NodeJS.ErrnoException) {
    const why =
      cause.code === "ENOENT" ? (existsSync(dirname(path)) ? `its folder ${dirname(path)} does not take new files` : `its folder ${dirname(path)} does not exist`)
      : cause.code === "EACCES" || cause.code === "EPERM" || cause.code === "EROFS" ? "that folder is not writable"
      : cause.code === "EISDIR" ? "it is a folder"
      : cause.code === "ENOTDIR" ? "a part of the path is a file, not a folder"
      : cause.message;
    super(`Cannot write the export to ${path}: ${why}. Choose another path (-o FILE) in a folder you can write to.`);
    this.name = "ExportWriteError";
  }
}

export async function writeExport(path: string, text: string): Promise<string> {
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new ExportWriteError(target, e as NodeJS.ErrnoException);
  }
  return target;
}
