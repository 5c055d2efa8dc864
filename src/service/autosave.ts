// Autosave: at most one write a second while a document keeps changing (streamed outputs included),
// and one final write on flush, so a crash loses at most the last second.
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { makeFolder } from "../engine/runtime/write-files";

export class Autosaver {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly snapshot: () => { path: string; text: string; makeParent?: boolean } | null,
    private readonly onError: (e: Error) => void,
    private readonly delayMs = 1000,
  ) {}

  /** Something changed: write within delayMs. */
  touch(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.delayMs);
  }

  /** Write now (before quitting, or in tests). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.save();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const snap = this.snapshot();
      if (!snap) return;
      try {
        await writeAtomic(snap.path, snap.text, { makeParent: snap.makeParent });
      } catch (e) {
        this.onError(e as Error);
      }
    });
    return this.writing;
  }
}

/**
 * Write to a temporary file, then rename: a crash mid-write never leaves half a notebook.
 * `makeParent` is for the app's own files (the recovery file); a person's save goes only into a
 * folder that exists, as a save dialog would.
 */
export async function writeAtomic(path: string, text: string, options: { makeParent?: boolean } = {}): Promise<void> {
  if (options.makeParent) await makeFolder(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
