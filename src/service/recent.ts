// Recently opened or saved notebooks, newest first: web mode's "open" without a dialog reopens the newest.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "./autosave";

const MAX = 10;

export class RecentFiles {
  private readonly file: string;

  constructor(userDataDir: string) {
    this.file = join(userDataDir, "recent.json");
  }

  list(): string[] {
    try {
      const paths = JSON.parse(readFileSync(this.file, "utf8")) as unknown;
      return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string" && existsSync(p)) : [];
    } catch {
      return [];
    }
  }

  async add(path: string): Promise<void> {
    await writeAtomic(this.file, JSON.stringify([path, ...this.list().filter((p) => p !== path)].slice(0, MAX), null, 1), { makeParent: true });
  }
}
