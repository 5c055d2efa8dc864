// The document half of NotebookService: the notebook a person edits and its file (path, dirty,
// open, save, export), autosave and the recovery file of an untitled one, and the cell edits.
// Running cells is cell-runner.ts's; notebook-service.ts joins the two.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Cell, CellType, ExportFormat, NotebookDoc, NotebookEvent, RunChange, RunRecord, TemplateId, TemplateInfo } from "../api/index";
import { cellNames } from "../notebook/cell-names";
import { findCell, newCell, notRunState } from "../notebook/cells";
import { applyFreshness, type FreshnessChange } from "../notebook/freshness";
import { exportNotebook, writeExport } from "../notebook/export/index";
import { parseIpynb, serializeIpynb, titleOf } from "../notebook/ipynb";
import { cellsOfRun, withRun, withRunChange } from "../notebook/runs";
import { writeFailureReason } from "../engine/runtime/write-files";
import { Autosaver, writeAtomic } from "./autosave";
import { RecentFiles } from "./recent";
import { listTemplates, notebookFromTemplate } from "./templates";

export interface DocumentOptions {
  templatesDir: string;
  /** Recovery files and the recent list live here. */
  userDataDir: string;
  /** Where an untitled notebook is saved when no dialog chooses (web mode). */
  notebooksDir: string;
  /** Off for headless runs that must not write the user's file. */
  autosave?: boolean;
  autosaveDelayMs?: number;
  /** Desktop dialogs; without them, open reopens the newest recent file and save picks a free name. */
  chooseOpenPath?: () => Promise<string | null>;
  chooseSavePath?: (doc: NotebookDoc) => Promise<string | null>;
}

/** Where the document's news goes: the service's one event stream to the window. */
export interface EventSink {
  emit(event: NotebookEvent): void;
  notice(level: "info" | "warning" | "error", message: string): void;
}

export class NotebookDocument {
  #doc: NotebookDoc;
  private readonly autosaver: Autosaver | null;
  private readonly recent: RecentFiles;

  constructor(private readonly opts: DocumentOptions, private readonly events: EventSink, doc?: NotebookDoc) {
    this.recent = new RecentFiles(opts.userDataDir);
    this.#doc = withNames(doc ?? this.fromTemplate("blank"));
    this.autosaver = opts.autosave === false ? null : new Autosaver(() => this.autosaveTarget(), (e) => events.notice("error", `Autosave failed: ${e.message}. Save the notebook somewhere writable.`), opts.autosaveDelayMs);
  }

  get doc(): NotebookDoc {
    return this.#doc;
  }

  /** The cell, or an error naming the id when the document has none such. */
  cell(cellId: string): Cell {
    return findCell(this.#doc.cells, cellId);
  }

  listTemplates(): TemplateInfo[] {
    return listTemplates(this.opts.templatesDir);
  }

  fromTemplate(template: TemplateId): NotebookDoc {
    return notebookFromTemplate(this.opts.templatesDir, template);
  }

  /** A new document in place of this one, every cell not-run (the caller gives it a fresh kernel). */
  replace(doc: NotebookDoc): void {
    this.#doc = withNames(doc);
    this.events.emit({ type: "doc", doc: this.#doc });
    if (doc.dirty) this.autosaver?.touch();
  }

  /** The file to open (given, chosen in a dialog, or the newest recent one), read; null when none is chosen. */
  async read(path?: string): Promise<NotebookDoc | null> {
    const target = path ?? (this.opts.chooseOpenPath ? await this.opts.chooseOpenPath() : this.recent.list()[0]);
    if (!target) return null;
    const file = resolve(target);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw new Error(`Cannot open ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}. Check the path.`);
    }
    const doc = parseIpynb(text, file);
    await this.recent.add(file);
    return doc;
  }

  /** The untitled notebook autosave kept from the last session, or null. */
  async readRecovery(): Promise<NotebookDoc | null> {
    if (!existsSync(this.recoveryFile())) return null;
    return { ...parseIpynb(await readFile(this.recoveryFile(), "utf8"), null), dirty: true };
  }

  async save(path?: string): Promise<NotebookDoc | null> {
    const target = path ?? this.#doc.path ?? (this.opts.chooseSavePath ? await this.opts.chooseSavePath(this.#doc) : this.freeUntitledPath());
    if (!target) return null;
    const file = resolve(target);
    const wasUntitled = this.#doc.path === null;
    const before = this.#doc;
    // The document takes the new path only once the file is written: a failed save leaves it
    // dirty under its old path, where autosave keeps writing.
    try {
      await writeAtomic(file, serializeIpynb({ ...before, path: file, title: titleOf(file), dirty: false }));
    } catch (e) {
      throw new Error(`Cannot save the notebook to ${file}: ${writeFailureReason(file, e)}. ${before.path ? `It is still autosaved to ${before.path}` : "It is still autosaved for recovery"}; save it in a folder you can write to.`);
    }
    // Edits made while the file was written are not in it, so those keep the document dirty.
    this.#doc = { ...this.#doc, path: file, title: titleOf(file), dirty: this.#doc !== before };
    if (!this.#doc.dirty) this.autosaver?.cancel();
    if (wasUntitled) await rm(this.recoveryFile(), { force: true });
    await this.recent.add(file);
    this.events.emit({ type: "doc", doc: this.#doc });
    this.events.notice("info", `Saved ${file}`);
    return this.#doc;
  }

  async export(format: ExportFormat, path?: string): Promise<string | null> {
    // The document as it would be saved: outputs and each cell's recorded calls.
    const { text, warnings } = exportNotebook(this.#doc, format);
    for (const w of warnings) this.events.notice("warning", `Export: ${w}`);
    if (!path) return text;
    return writeExport(path, text);
  }

  /** Writes what autosave has pending. */
  flush(): Promise<void> {
    return this.autosaver?.flush() ?? Promise.resolve();
  }

  // ---- cell edits ----

  editCell(cellId: string, source: string): void {
    const cell = this.cell(cellId);
    if (cell.source === source) return;
    const names = cell.type === "code" ? cellNames(source) : null;
    const edited: Cell = { ...cell, source, state: names ? { ...cell.state, ...names } : cell.state };
    this.setCells(this.#doc.cells.map((c) => (c.id === cellId ? edited : c)), { kind: "edited", cellId, previousDefines: cell.state.defines });
  }

  addCell(index: number, type: CellType, source: string): string {
    const cell = withCellNames(newCell(type, source));
    const cells = [...this.#doc.cells];
    cells.splice(Math.max(0, Math.min(index, cells.length)), 0, cell);
    this.changeStructure(cells);
    return cell.id;
  }

  moveCell(cellId: string, toIndex: number): void {
    const cell = this.cell(cellId);
    const cells = this.#doc.cells.filter((c) => c.id !== cellId);
    cells.splice(Math.max(0, Math.min(toIndex, cells.length)), 0, cell);
    this.changeStructure(cells);
  }

  deleteCell(cellId: string): void {
    this.cell(cellId);
    this.changeStructure(this.#doc.cells.filter((c) => c.id !== cellId));
  }

  /** Replaces cells (applying a freshness change), and tells the window about each one that changed. */
  setCells(cells: Cell[], change?: FreshnessChange): void {
    const before = new Map(this.#doc.cells.map((c) => [c.id, c]));
    const next = change ? applyFreshness(cells, change) : cells;
    const becameDirty = !this.#doc.dirty;
    this.#doc = { ...this.#doc, cells: next, dirty: true };
    if (becameDirty) this.events.emit({ type: "doc", doc: this.#doc });
    else for (const c of next) if (before.get(c.id) !== c) this.events.emit({ type: "cell", cell: c });
    this.autosaver?.touch();
  }

  updateCell(cellId: string, update: (c: Cell) => Cell, change?: FreshnessChange): void {
    if (!this.#doc.cells.some((c) => c.id === cellId)) return;
    this.setCells(this.#doc.cells.map((c) => (c.id === cellId ? update(c) : c)), change);
  }

  /** Keeps a cell's new outputs: they travel to the window as "output" events, so no cell event. */
  keepOutputs(cellId: string, cell: Cell): void {
    this.#doc = { ...this.#doc, cells: this.#doc.cells.map((c) => (c.id === cellId ? cell : c)), dirty: true };
    this.autosaver?.touch();
  }

  /** Keeps a training run the Trainer announced (from the cell `cellId`) in the notebook's metadata. */
  keepRun(record: RunRecord, cellId: string | null): void {
    this.changeDoc(withRun(this.#doc, record, cellsOfRun(this.#doc, cellId)));
  }

  /** Hides, shows or deletes a kept run. */
  changeRun(runId: string, change: RunChange): void {
    this.changeDoc(withRunChange(this.#doc, runId, change));
  }

  private changeStructure(cells: Cell[]): void {
    this.changeDoc({ ...this.#doc, cells, dirty: true });
  }

  private changeDoc(doc: NotebookDoc): void {
    this.#doc = doc;
    this.events.emit({ type: "doc", doc: this.#doc });
    this.autosaver?.touch();
  }

  private recoveryFile(): string {
    return join(this.opts.userDataDir, "recovery", "untitled.ipynb");
  }

  private autosaveTarget(): { path: string; text: string; makeParent: boolean } | null {
    // A saved notebook's folder was written once, so autosave may make it again if it was removed.
    return { path: this.#doc.path ?? this.recoveryFile(), text: serializeIpynb(this.#doc), makeParent: true };
  }

  private freeUntitledPath(): string {
    for (let n = 1; ; n++) {
      const candidate = join(this.opts.notebooksDir, n === 1 ? "Untitled.ipynb" : `Untitled-${n}.ipynb`);
      if (!existsSync(candidate)) return candidate;
    }
  }
}

function withCellNames(cell: Cell): Cell {
  if (cell.type !== "code") return cell;
  const names = cellNames(cell.source);
  return names ? { ...cell, state: { ...cell.state, ...names } } : cell;
}

/** Opened documents start not-run, with each cell's names parsed so freshness works before anything runs. */
function withNames(doc: NotebookDoc): NotebookDoc {
  return { ...doc, cells: doc.cells.map((c) => withCellNames({ ...c, state: { ...notRunState(), defines: c.state.defines, reads: c.state.reads } })) };
}
