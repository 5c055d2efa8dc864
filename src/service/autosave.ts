// Autosave: at most one write a second while a document keeps changing (streamed outputs included),
// and one final write on flush, so a crash loses at most the last second.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export class Autosaver {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly snapshot: () => { path: string; text: string } | null,
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
        await writeAtomic(snap.path, snap.text);
      } catch (e) {
        this.onError(e as Error);
      }
    });
    return this.writing;
  }
}

/** Write to a temporary file, then rename: a crash mid-write never leaves half a notebook. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
