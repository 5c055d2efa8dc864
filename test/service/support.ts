// Shared by the back's tests: the built output they run against, temporary folders, waiting on events.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NotebookApi, NotebookEvent } from "../../src/api/index";
import { NotebookService, type NotebookServiceOptions } from "../../src/service/notebook-service";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** The kernel and the CLI run from out/; build them once if this checkout has not. */
export function ensureBuilt(): void {
  const needed = ["out/kernel/index.js", "out/engine/index.js", "out/cli/index.js"];
  if (needed.every((f) => existsSync(join(ROOT, f)))) return;
  const r = spawnSync("node", [join(ROOT, "scripts/build.mjs"), "--node-only"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("node scripts/build.mjs --node-only failed");
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mlm-${prefix}-`));
}

/** Resolves with the first event that matches, failing after `ms`. */
export function nextEvent<T extends NotebookEvent>(api: NotebookApi, match: (e: NotebookEvent) => e is T, ms?: number): Promise<T>;
export function nextEvent(api: NotebookApi, match: (e: NotebookEvent) => boolean, ms?: number): Promise<NotebookEvent>;
export function nextEvent(api: NotebookApi, match: (e: NotebookEvent) => boolean, ms = 20000): Promise<NotebookEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${ms} ms`));
    }, ms);
    const off = api.onEvent((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

/** A started service (closed by the caller through `open`) whose notebook holds exactly these code cells, and its events. */
export async function serviceWithCells(prefix: string, sources: string[], open: NotebookService[], options: NotebookServiceOptions = {}): Promise<{ service: NotebookService; ids: string[]; events: NotebookEvent[] }> {
  const dir = tempDir(prefix);
  const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", ...options });
  open.push(service);
  const events: NotebookEvent[] = [];
  service.onEvent((e) => events.push(e));
  const blank = (await service.getNotebook()).cells[0].id;
  const ids: string[] = [];
  for (const [i, source] of sources.entries()) ids.push(await service.addCell(i, "code", source));
  await service.deleteCell(blank);
  return { service, ids, events };
}
