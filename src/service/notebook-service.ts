// NotebookService: the one implementation of NotebookApi. It joins the document (its file, edits,
// autosave: notebook-document.ts) and the runner (the kernel process and the run queue:
// cell-runner.ts), and is their one event stream; Electron's main process and the web server are
// only transports in front of it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type {
  CellType, ExportFormat, LoginResult, NotebookApi, NotebookDoc, NotebookEvent, Page,
  RunChange, TemplateId, TemplateInfo, Unsubscribe, ValueRef, VariableInfo,
} from "../api/index";
import { isRunChange } from "../api/index";
import { titleOf } from "../notebook/ipynb";
import { DEFAULT_INTERRUPT_GRACE_MS } from "../kernel/protocol";
import { CellRunner } from "./cell-runner";
import { chooseFirstNotebook } from "./first-notebook";
import { hubLogin, hubLoginStatus, hubLogout } from "./hub-login";
import { forkLauncher, type KernelLauncher } from "./launcher";
import { NotebookDocument } from "./notebook-document";
import { defaultUserDataDir, templatesDir } from "./paths";
import { StreamBatcher } from "./stream-batcher";

export interface NotebookServiceOptions {
  /** How to start the kernel process: fork here, Electron's utilityProcess in the desktop app. */
  launcher?: KernelLauncher;
  kernelEntry?: string;
  templatesDir?: string;
  /** Recovery files and the recent list live here. */
  userDataDir?: string;
  /** Where an untitled notebook is saved when no dialog chooses (web mode): default the working directory. */
  notebooksDir?: string;
  /** How long a cooperative interrupt may take before the kernel is killed and restarted. */
  interruptGraceMs?: number;
  /** Off for headless runs that must not write the user's file. */
  autosave?: boolean;
  autosaveDelayMs?: number;
  /** Desktop dialogs; without them, open reopens the newest recent file and save picks a free name. */
  chooseOpenPath?: () => Promise<string | null>;
  chooseSavePath?: (doc: NotebookDoc) => Promise<string | null>;
}

export interface StartOptions extends NotebookServiceOptions {
  /** Open this file; when it does not exist yet, start from `template` and save there. */
  notebook?: string;
  /** Without one (and no notebook to open or recover), the Hub tutorial if the Hub answers, else the offline one. */
  template?: TemplateId;
  /** The Hub the first-start choice asks (default: HF_ENDPOINT or huggingface.co). */
  hubUrl?: string;
}

export class NotebookService implements NotebookApi {
  private readonly document: NotebookDocument;
  private readonly runner: CellRunner;
  private readonly listeners = new Set<(e: NotebookEvent) => void>();
  private hubUrl: string | undefined;
  /** Notices from before anyone listened (e.g. "recovered the untitled notebook" at start), for the first listener. */
  private unheard: NotebookEvent[] = [];
  private readonly batcher = new StreamBatcher((e) => {
    if (this.listeners.size === 0 && e.type === "notice") this.unheard.push(e);
    for (const l of this.listeners) l(e);
  });

  constructor(options: NotebookServiceOptions = {}, doc?: NotebookDoc) {
    const events = { emit: (e: NotebookEvent) => this.emit(e), notice: (level: "info" | "warning" | "error", message: string) => this.notice(level, message) };
    const notebooksDir = options.notebooksDir ?? process.cwd();
    this.document = new NotebookDocument({ ...options, templatesDir: options.templatesDir ?? templatesDir(), userDataDir: options.userDataDir ?? defaultUserDataDir(), notebooksDir }, events, doc);
    this.runner = new CellRunner(this.document, {
      launcher: options.launcher ?? forkLauncher,
      kernelEntry: options.kernelEntry,
      notebooksDir,
      interruptGraceMs: options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS,
    }, events);
  }

  /** A service with its document ready: the given file, else a recovered untitled one, else a template. */
  static async start(options: StartOptions = {}): Promise<NotebookService> {
    const service = new NotebookService(options);
    const document = service.document;
    const template = options.template ?? "offline";
    const recovered = options.notebook ? null : await document.readRecovery();
    if (options.notebook) {
      const path = resolve(options.notebook);
      if (existsSync(path)) await service.openNotebook(path);
      else service.replaceDoc({ ...document.fromTemplate(template), path, title: titleOf(path), dirty: true });
    } else if (recovered) {
      service.replaceDoc(recovered);
      service.notice("info", "Recovered the untitled notebook from the last session. Save it to keep it.");
    } else if (options.template) {
      service.replaceDoc(document.fromTemplate(template));
    } else {
      // A first start: the Hub tutorial if the Hub answers, else the offline one.
      const first = await chooseFirstNotebook(options.hubUrl);
      service.replaceDoc(document.fromTemplate(first.template));
      service.notice("info", first.why);
    }
    return service;
  }

  // ---- events ----

  onEvent(listener: (event: NotebookEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    const unheard = this.unheard;
    this.unheard = [];
    // After the caller has its unsubscribe function, as with any other event.
    if (unheard.length) queueMicrotask(() => unheard.forEach((e) => this.listeners.has(listener) && listener(e)));
    return () => void this.listeners.delete(listener);
  }

  private emit(event: NotebookEvent): void {
    this.batcher.push(event);
  }

  private notice(level: "info" | "warning" | "error", message: string): void {
    this.emit({ type: "notice", level, message });
  }

  // ---- documents ----

  async listTemplates(): Promise<TemplateInfo[]> {
    return this.document.listTemplates();
  }

  async newNotebook(template: TemplateId): Promise<NotebookDoc> {
    this.replaceDoc(this.document.fromTemplate(template));
    return this.document.doc;
  }

  async openNotebook(path?: string): Promise<NotebookDoc | null> {
    const doc = await this.document.read(path);
    if (!doc) return null;
    this.replaceDoc(doc);
    return this.document.doc;
  }

  saveNotebook(path?: string): Promise<NotebookDoc | null> {
    return this.document.save(path);
  }

  async getNotebook(): Promise<NotebookDoc> {
    return this.document.doc;
  }

  exportNotebook(format: ExportFormat, path?: string): Promise<string | null> {
    return this.document.export(format, path);
  }

  async updateRun(runId: string, change: RunChange): Promise<void> {
    if (!isRunChange(change)) throw new Error(`updateRun: the change must be {kind: "hide", hidden: true | false} or {kind: "delete"} (got ${JSON.stringify(change)}).`);
    this.document.changeRun(runId, change);
  }

  // ---- cells ----

  async editCell(cellId: string, source: string): Promise<void> {
    this.document.editCell(cellId, source);
  }

  async addCell(index: number, type: CellType, source = ""): Promise<string> {
    return this.document.addCell(index, type, source);
  }

  async moveCell(cellId: string, toIndex: number): Promise<void> {
    this.document.moveCell(cellId, toIndex);
  }

  async deleteCell(cellId: string): Promise<void> {
    this.runner.drop(cellId);
    this.document.deleteCell(cellId);
  }

  // ---- running ----

  /** Resolves when the cell has run (or was dropped from the queue by an error or an interrupt). */
  runCell(cellId: string): Promise<void> {
    this.document.cell(cellId);
    return this.runner.run([cellId]);
  }

  runAll(): Promise<void> {
    return this.runner.run(this.document.doc.cells.map((c) => c.id));
  }

  runFrom(cellId: string): Promise<void> {
    this.document.cell(cellId);
    const cells = this.document.doc.cells;
    return this.runner.run(cells.slice(cells.findIndex((c) => c.id === cellId)).map((c) => c.id));
  }

  interrupt(): Promise<void> {
    return this.runner.interrupt();
  }

  restartKernel(): Promise<void> {
    return this.runner.restartKernel();
  }

  fetchPage(value: ValueRef, offset: number, limit: number): Promise<Page> {
    return this.runner.fetchPage(value, offset, limit);
  }

  variables(): Promise<VariableInfo[]> {
    return this.runner.variables();
  }

  // ---- Hub login ----

  async login(token: string, hubUrl?: string): Promise<LoginResult> {
    const result = await hubLogin(token, hubUrl);
    if (result.ok) this.hubUrl = hubUrl;
    return result;
  }

  /** Checks the stored token against the Hub the last login used (else HF_ENDPOINT, else the public Hub). */
  loginStatus(): Promise<LoginResult> {
    return hubLoginStatus(this.hubUrl);
  }

  logout(): Promise<void> {
    return hubLogout();
  }

  /** Saves what autosave would, stops the kernel. */
  async close(): Promise<void> {
    this.runner.drop();
    await this.document.flush();
    this.runner.close();
    this.batcher.flush();
    this.listeners.clear();
  }

  /** A new document replaces the old one, with a fresh kernel (the old one's state belongs to the old document). */
  private replaceDoc(doc: NotebookDoc): void {
    this.runner.reset();
    this.document.replace(doc);
    try {
      this.runner.startKernel();
    } catch (e) {
      // The document still opens; running a cell will say the same again.
      this.notice("error", (e as Error).message);
    }
  }
}
