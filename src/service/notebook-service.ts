// NotebookService: the one implementation of NotebookApi. It owns the document and a kernel
// process; Electron's main process and the web server are only transports in front of it.
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type {
  Cell, CellType, ExportFormat, LoginResult, NotebookApi, NotebookDoc, NotebookEvent, Output, Page,
  RunChange, TemplateId, TemplateInfo, Unsubscribe, ValueRef, VariableInfo,
} from "../api/index";
import { isRunChange, isRunRecord, RUN_MIME } from "../api/index";
import { cellNames } from "../notebook/cell-names";
import { cellNumber, findCell, newCell, notRunState } from "../notebook/cells";
import { applyFreshness, type FreshnessChange } from "../notebook/freshness";
import { exportNotebook, withSavedCalls, writeExport } from "../notebook/export/index";
import { parseIpynb, serializeIpynb, titleOf } from "../notebook/ipynb";
import { cellsOfRun, withRun, withRunChange } from "../notebook/runs";
import { DEFAULT_INTERRUPT_GRACE_MS } from "../kernel/protocol";
import { writeFailureReason } from "../engine/runtime/write-files";
import { chooseFirstNotebook } from "./first-notebook";
import { Autosaver, writeAtomic } from "./autosave";
import { hubLogin, hubLoginStatus, hubLogout } from "./hub-login";
import { KernelGoneError, KernelProcess } from "./kernel-process";
import { forkLauncher, type KernelLauncher } from "./launcher";
import { defaultUserDataDir, kernelEntry, templatesDir } from "./paths";
import { RecentFiles } from "./recent";
import { StreamBatcher } from "./stream-batcher";
import { listTemplates, notebookFromTemplate } from "./templates";

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

const MAX_PAGE_ROWS = 1000;

type QueueItem = { cellId: string; done: () => void };
/** The cell being run: its execution id once sent to the kernel; `cancelled` if interrupted before that. */
type Running = { cellId: string; execId: number | null; cancelled: boolean; finished: Promise<RunOutcome> };
type RunOutcome = "ok" | "error" | "interrupted" | "skipped";

export class NotebookService implements NotebookApi {
  private doc: NotebookDoc;
  private readonly listeners = new Set<(e: NotebookEvent) => void>();
  private kernel: KernelProcess | null = null;
  private execCount = 0;
  private queue: QueueItem[] = [];
  private pumping = false;
  private running: Running | null = null;
  /** Set while the service itself kills the kernel, so the running cell knows why it ended. */
  private stopping: "interrupt" | "restart" | null = null;
  private hubUrl: string | undefined;
  private interrupting: Promise<void> | null = null;
  private readonly autosaver: Autosaver | null;
  private readonly recent: RecentFiles;
  /** Notices from before anyone listened (e.g. "recovered the untitled notebook" at start), for the first listener. */
  private unheard: NotebookEvent[] = [];
  private readonly batcher = new StreamBatcher((e) => {
    if (this.listeners.size === 0 && e.type === "notice") this.unheard.push(e);
    for (const l of this.listeners) l(e);
  });
  private readonly opts: Required<Pick<NotebookServiceOptions, "launcher" | "templatesDir" | "userDataDir" | "notebooksDir" | "interruptGraceMs">> & NotebookServiceOptions;

  constructor(options: NotebookServiceOptions = {}, doc?: NotebookDoc) {
    this.opts = {
      ...options,
      launcher: options.launcher ?? forkLauncher,
      templatesDir: options.templatesDir ?? templatesDir(),
      userDataDir: options.userDataDir ?? defaultUserDataDir(),
      notebooksDir: options.notebooksDir ?? process.cwd(),
      interruptGraceMs: options.interruptGraceMs ?? DEFAULT_INTERRUPT_GRACE_MS,
    };
    this.recent = new RecentFiles(this.opts.userDataDir);
    this.doc = withNames(doc ?? notebookFromTemplate(this.opts.templatesDir, "blank"));
    this.autosaver = options.autosave === false ? null : new Autosaver(() => this.autosaveTarget(), (e) => this.notice("error", `Autosave failed: ${e.message}. Save the notebook somewhere writable.`), options.autosaveDelayMs);
  }

  /** A service with its document ready: the given file, else a recovered untitled one, else a template. */
  static async start(options: StartOptions = {}): Promise<NotebookService> {
    const service = new NotebookService(options);
    const template = options.template ?? "offline";
    if (options.notebook) {
      const path = resolve(options.notebook);
      if (existsSync(path)) await service.openNotebook(path);
      else service.replaceDoc({ ...service.templateDoc(template), path, title: titleOf(path), dirty: true });
    } else if (existsSync(service.recoveryFile())) {
      const doc = parseIpynb(await readFile(service.recoveryFile(), "utf8"), null);
      service.replaceDoc({ ...doc, dirty: true });
      service.notice("info", "Recovered the untitled notebook from the last session. Save it to keep it.");
    } else if (options.template) {
      service.replaceDoc(service.templateDoc(template));
    } else {
      // A first start: the Hub tutorial if the Hub answers, else the offline one.
      const first = await chooseFirstNotebook(options.hubUrl);
      service.replaceDoc(service.templateDoc(first.template));
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
    return listTemplates(this.opts.templatesDir);
  }

  async newNotebook(template: TemplateId): Promise<NotebookDoc> {
    this.replaceDoc(this.templateDoc(template));
    return this.doc;
  }

  async openNotebook(path?: string): Promise<NotebookDoc | null> {
    const target = path ?? (this.opts.chooseOpenPath ? await this.opts.chooseOpenPath() : this.recent.list()[0]);
    if (!target) return null;
    const file = resolve(target);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw new Error(`Cannot open ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}. Check the path.`);
    }
    this.replaceDoc(parseIpynb(text, file));
    await this.recent.add(file);
    return this.doc;
  }

  async saveNotebook(path?: string): Promise<NotebookDoc | null> {
    const target = path ?? this.doc.path ?? (this.opts.chooseSavePath ? await this.opts.chooseSavePath(this.doc) : this.freeUntitledPath());
    if (!target) return null;
    const file = resolve(target);
    const wasUntitled = this.doc.path === null;
    const before = this.doc;
    // The document takes the new path only once the file is written: a failed save leaves it
    // dirty under its old path, where autosave keeps writing.
    try {
      await writeAtomic(file, serializeIpynb({ ...before, path: file, title: titleOf(file), dirty: false }));
    } catch (e) {
      throw new Error(`Cannot save the notebook to ${file}: ${writeFailureReason(file, e)}. ${before.path ? `It is still autosaved to ${before.path}` : "It is still autosaved for recovery"}; save it in a folder you can write to.`);
    }
    // Edits made while the file was written are not in it, so those keep the document dirty.
    this.doc = { ...this.doc, path: file, title: titleOf(file), dirty: this.doc !== before };
    if (!this.doc.dirty) this.autosaver?.cancel();
    if (wasUntitled) await rm(this.recoveryFile(), { force: true });
    await this.recent.add(file);
    this.emit({ type: "doc", doc: this.doc });
    this.notice("info", `Saved ${file}`);
    return this.doc;
  }

  async getNotebook(): Promise<NotebookDoc> {
    return this.doc;
  }

  async exportNotebook(format: ExportFormat, path?: string): Promise<string | null> {
    // The document as it would be saved: outputs and each cell's recorded calls.
    const { text, warnings } = exportNotebook(this.doc, format);
    for (const w of warnings) this.notice("warning", `Export: ${w}`);
    if (!path) return text;
    return writeExport(path, text);
  }

  async updateRun(runId: string, change: RunChange): Promise<void> {
    if (!isRunChange(change)) throw new Error(`updateRun: the change must be {kind: "hide", hidden: true | false} or {kind: "delete"} (got ${JSON.stringify(change)}).`);
    this.changeDoc(withRunChange(this.doc, runId, change));
  }

  // ---- cells ----

  async editCell(cellId: string, source: string): Promise<void> {
    const cell = findCell(this.doc.cells, cellId);
    if (cell.source === source) return;
    const names = cell.type === "code" ? cellNames(source) : null;
    const edited: Cell = { ...cell, source, state: names ? { ...cell.state, ...names } : cell.state };
    this.setCells(this.doc.cells.map((c) => (c.id === cellId ? edited : c)), { kind: "edited", cellId, previousDefines: cell.state.defines });
  }

  async addCell(index: number, type: CellType, source = ""): Promise<string> {
    const cell = withCellNames(newCell(type, source));
    const cells = [...this.doc.cells];
    cells.splice(Math.max(0, Math.min(index, cells.length)), 0, cell);
    this.changeStructure(cells);
    return cell.id;
  }

  async moveCell(cellId: string, toIndex: number): Promise<void> {
    const cell = findCell(this.doc.cells, cellId);
    const cells = this.doc.cells.filter((c) => c.id !== cellId);
    cells.splice(Math.max(0, Math.min(toIndex, cells.length)), 0, cell);
    this.changeStructure(cells);
  }

  async deleteCell(cellId: string): Promise<void> {
    findCell(this.doc.cells, cellId);
    this.dropQueued((item) => item.cellId === cellId);
    this.changeStructure(this.doc.cells.filter((c) => c.id !== cellId));
  }

  // ---- running ----

  /** Resolves when the cell has run (or was dropped from the queue by an error or an interrupt). */
  runCell(cellId: string): Promise<void> {
    findCell(this.doc.cells, cellId);
    return this.enqueue([cellId]);
  }

  runAll(): Promise<void> {
    return this.enqueue(this.doc.cells.map((c) => c.id));
  }

  runFrom(cellId: string): Promise<void> {
    findCell(this.doc.cells, cellId);
    const index = this.doc.cells.findIndex((c) => c.id === cellId);
    return this.enqueue(this.doc.cells.slice(index).map((c) => c.id));
  }

  /**
   * Cooperative first: the cell's AbortSignal fires, engine loops stop at their next check. A cell
   * that has not finished after the grace (e.g. `while (true) {}`) is stopped by restarting the kernel.
   */
  interrupt(): Promise<void> {
    // A second click while the first is still waiting out the grace joins it, rather than restarting twice.
    this.interrupting ??= this.interruptRunning().finally(() => (this.interrupting = null));
    return this.interrupting;
  }

  private async interruptRunning(): Promise<void> {
    this.dropQueued(() => true);
    const running = this.running;
    if (!running || !this.kernel) return;
    if (running.execId === null) {
      // Not sent to the kernel yet (it is still starting): the cell just does not run, whatever that takes.
      running.cancelled = true;
      await running.finished;
      this.emit({ type: "kernel", status: "idle", interrupt: "cooperative", message: "Interrupted before the cell started." });
      return;
    }
    this.kernel.interrupt(running.execId);
    const stopped = await Promise.race([running.finished.then(() => true), delay(this.opts.interruptGraceMs).then(() => false)]);
    if (stopped) {
      this.emit({ type: "kernel", status: "idle", interrupt: "cooperative", message: "Interrupted: the cell stopped at its next check; variables are kept." });
      return;
    }
    const seconds = this.opts.interruptGraceMs / 1000;
    await this.restart("interrupt", `Interrupt did not stop the cell within ${seconds} s; the kernel was restarted and its variables are gone.`);
  }

  async restartKernel(): Promise<void> {
    this.dropQueued(() => true);
    await this.restart("restart", "Kernel restarted: variables are cleared; every cell is not-run.");
  }

  /** One page, at most MAX_PAGE_ROWS long: a big value never travels whole. */
  async fetchPage(value: ValueRef, offset: number, limit: number): Promise<Page> {
    if (!this.kernel?.alive) throw new Error("The kernel has restarted since this value was shown; run its cell again.");
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 0) {
      throw new Error(`fetchPage needs a whole offset and limit ≥ 0 (got ${offset}, ${limit}).`);
    }
    return this.kernel.fetchPage(value.ref, value.view, offset, Math.min(limit, MAX_PAGE_ROWS));
  }

  async variables(): Promise<VariableInfo[]> {
    return this.kernel?.alive ? this.kernel.variables() : [];
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
    this.dropQueued(() => true);
    await this.autosaver?.flush();
    this.stopping = "restart";
    this.kernel?.kill();
    this.kernel = null;
    this.batcher.flush();
    this.listeners.clear();
  }

  // ---- internals ----

  private templateDoc(template: TemplateId): NotebookDoc {
    return notebookFromTemplate(this.opts.templatesDir, template);
  }

  /** A new document replaces the old one, with a fresh kernel (the old one's state belongs to the old document). */
  private replaceDoc(doc: NotebookDoc): void {
    this.dropQueued(() => true);
    this.kernel?.kill();
    this.kernel = null;
    this.execCount = 0;
    this.doc = withNames(doc);
    this.emit({ type: "doc", doc: this.doc });
    try {
      this.startKernel();
    } catch (e) {
      // The document still opens; running a cell will say the same again.
      this.notice("error", (e as Error).message);
    }
    if (doc.dirty) this.autosaver?.touch();
  }

  private changeStructure(cells: Cell[]): void {
    this.changeDoc({ ...this.doc, cells, dirty: true });
  }

  private changeDoc(doc: NotebookDoc): void {
    this.doc = doc;
    this.emit({ type: "doc", doc: this.doc });
    this.autosaver?.touch();
  }

  /** Replaces cells (applying a freshness change), and tells the window about each one that changed. */
  private setCells(cells: Cell[], change?: FreshnessChange): void {
    const before = new Map(this.doc.cells.map((c) => [c.id, c]));
    const next = change ? applyFreshness(cells, change) : cells;
    const becameDirty = !this.doc.dirty;
    this.doc = { ...this.doc, cells: next, dirty: true };
    if (becameDirty) this.emit({ type: "doc", doc: this.doc });
    else for (const c of next) if (before.get(c.id) !== c) this.emit({ type: "cell", cell: c });
    this.autosaver?.touch();
  }

  private updateCell(cellId: string, update: (c: Cell) => Cell, change?: FreshnessChange): void {
    if (!this.doc.cells.some((c) => c.id === cellId)) return;
    this.setCells(this.doc.cells.map((c) => (c.id === cellId ? update(c) : c)), change);
  }

  private startKernel(): KernelProcess {
    const cwd = this.doc.path ? dirname(this.doc.path) : this.opts.notebooksDir;
    const entry = this.opts.kernelEntry ?? kernelEntry();
    if (!existsSync(entry)) throw new Error(`The kernel is not built (${entry} is missing). Run \`npm run build\`, then run the cell again.`);
    let started = false;
    const kernel = new KernelProcess(this.opts.launcher, entry, { cwd }, {
      onOutput: (execId, cellId, output) => {
        if (this.kernel === kernel) this.addOutput(execId, cellId, output);
      },
      onUnexpectedExit: (code) => {
        if (this.kernel !== kernel) return;
        this.kernel = null;
        this.dropQueued(() => true);
        this.execCount = 0;
        this.setCells(this.doc.cells, { kind: "restart" });
        const how = code === null ? "killed" : `exit code ${code}`;
        if (!started) {
          // Dying before it was ready would die again: no restart loop; the next run tries once more.
          this.emit({ type: "kernel", status: "dead", message: `The kernel could not start (${how}); its error is in the app's log. Reinstall or rebuild (\`npm run build\`), then run a cell to try again.` });
          return;
        }
        this.emit({ type: "kernel", status: "dead", message: `The kernel process ended unexpectedly (${how}), perhaps out of memory; starting a new one. Variables are gone: run the cells again.` });
        this.startKernel();
      },
    });
    this.kernel = kernel;
    this.emit({ type: "kernel", status: "starting" });
    kernel.ready.then(
      () => {
        started = true;
        if (this.kernel === kernel && !this.pumping) this.emit({ type: "kernel", status: "idle" });
      },
      () => undefined,
    );
    return kernel;
  }

  private addOutput(execId: number | null, cellId: string | null, output: Output): void {
    // A run the Trainer announces is kept with the notebook (its metadata), not shown as an output.
    if (output.output_type === "display_data" && isRunRecord(output.data[RUN_MIME])) {
      this.changeDoc(withRun(this.doc, output.data[RUN_MIME], cellsOfRun(this.doc, cellId)));
      return;
    }
    if (output.output_type === "display_data" && output.display_id) {
      // An update of a display shown earlier (progress, live chart) replaces it where it is.
      const owner = this.doc.cells.find((c) => c.outputs.some((o) => o.output_type === "display_data" && o.display_id === output.display_id));
      if (owner) {
        this.replaceCellQuietly(owner.id, { ...owner, outputs: owner.outputs.map((o) => (o.output_type === "display_data" && o.display_id === output.display_id ? output : o)) });
        this.emit({ type: "output", cellId: owner.id, output });
        return;
      }
    }
    const cell = cellId ? this.doc.cells.find((c) => c.id === cellId) : undefined;
    // Late output of an earlier run of a cell that has run again since is dropped, as Jupyter does.
    if (!cell || cell.executionCount !== execId) {
      if (output.output_type === "stream" && output.name === "stderr") this.notice("warning", output.text.trim());
      // A kernel error that belongs to no cell shown now (a timer of an earlier run) is still said.
      if (output.output_type === "error") this.notice("error", output.evalue);
      return;
    }
    const shown: Output = output.output_type === "execute_result" ? { ...output, execution_count: execId } : output;
    const last = cell.outputs[cell.outputs.length - 1];
    // Consecutive stream chunks are one text in the document (as Jupyter saves them); the event carries the chunk.
    const outputs =
      shown.output_type === "stream" && last?.output_type === "stream" && last.name === shown.name
        ? [...cell.outputs.slice(0, -1), { ...last, text: last.text + shown.text }]
        : [...cell.outputs, shown];
    this.replaceCellQuietly(cell.id, { ...cell, outputs });
    this.emit({ type: "output", cellId: cell.id, output: shown });
    // An error after the cell finished (a timer, a promise nobody awaited) fails it now: it must not stay "done".
    if (shown.output_type === "error" && cell.state.phase !== "running") {
      this.updateCell(cell.id, (c) => ({ ...c, state: { ...c.state, phase: "error" } }));
      this.notice("error", `Cell ${cellNumber(this.doc.cells, cell.id)} failed after it had finished: ${shown.evalue}`);
    }
  }

  /** Outputs travel as "output" events; the document just keeps them. */
  private replaceCellQuietly(cellId: string, cell: Cell): void {
    this.doc = { ...this.doc, cells: this.doc.cells.map((c) => (c.id === cellId ? cell : c)), dirty: true };
    this.autosaver?.touch();
  }

  private enqueue(cellIds: string[]): Promise<void> {
    const code = cellIds.filter((id) => this.doc.cells.find((c) => c.id === id)?.type === "code");
    const waits = code.map((cellId) => new Promise<void>((done) => this.queue.push({ cellId, done })));
    for (const id of code) this.updateCell(id, (c) => (c.state.phase === "running" ? c : { ...c, state: { ...c.state, phase: "queued" } }));
    void this.pump();
    return Promise.all(waits).then(() => undefined);
  }

  private dropQueued(which: (item: QueueItem) => boolean): void {
    const dropped = this.queue.filter(which);
    this.queue = this.queue.filter((i) => !which(i));
    for (const item of dropped) {
      const stillQueued = this.queue.some((i) => i.cellId === item.cellId) || this.running?.cellId === item.cellId;
      if (!stillQueued) this.updateCell(item.cellId, (c) => (c.state.phase === "queued" ? { ...c, state: { ...c.state, phase: "idle" } } : c));
      item.done();
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.emit({ type: "kernel", status: "busy" });
    while (this.queue.length) {
      const item = this.queue.shift()!;
      const running: Running = { cellId: item.cellId, execId: null, cancelled: false, finished: Promise.resolve<RunOutcome>("skipped") };
      running.finished = this.runOne(running).catch((e: Error): RunOutcome => {
        // The kernel could not even start (e.g. not built): the cell must not stay "queued".
        this.updateCell(item.cellId, (c) => ({ ...c, state: { ...c.state, phase: "error" } }));
        this.notice("error", `Could not run the cell: ${e.message}`);
        return "error";
      });
      this.running = running;
      const outcome = await running.finished;
      this.running = null;
      item.done();
      // As Jupyter: an error or an interrupt drops the rest of the queue.
      if (outcome === "error" || outcome === "interrupted") this.dropQueued(() => true);
    }
    this.pumping = false;
    if (this.kernel?.alive && !this.stopping) this.emit({ type: "kernel", status: "idle" });
  }

  private async runOne(run: Running): Promise<RunOutcome> {
    const cellId = run.cellId;
    const cell = this.doc.cells.find((c) => c.id === cellId);
    if (!cell || cell.type !== "code") return "skipped";
    const kernel = this.kernel?.alive ? this.kernel : this.startKernel();
    try {
      await kernel.ready;
      if (run.cancelled) {
        this.updateCell(cellId, (c) => ({ ...c, state: { ...c.state, phase: "idle" } }));
        return "interrupted";
      }
      const execId = ++this.execCount;
      run.execId = execId;
      const label = `cell ${cellNumber(this.doc.cells, cellId)}`;
      this.updateCell(cellId, (c) => ({ ...c, outputs: [], executionCount: execId, state: { ...c.state, phase: "running", startedAt: Date.now(), durationMs: null } }));
      const done = await kernel.execute(execId, cellId, cell.source, label);
      const phase = done.status === "ok" ? "done" : done.status;
      // A cell that did not compile keeps the names of its last good parse.
      const names = done.defines.length || done.reads.length || done.status === "ok" ? { defines: done.defines, reads: done.reads } : {};
      this.updateCell(cellId, (c) => withSavedCalls({ ...c, state: { ...c.state, ...names, phase, durationMs: done.durationMs } }, done.calls ?? []), { kind: "ran", cellId });
      return done.status;
    } catch (e) {
      if (!(e instanceof KernelGoneError)) throw e;
      const why = this.stopping;
      const message =
        why === "interrupt" ? `Interrupt did not stop this cell within ${this.opts.interruptGraceMs / 1000} s, so the kernel was restarted.`
        : why === "restart" ? "The kernel was restarted while this cell ran."
        : run.execId === null ? `${e.message} The kernel could not start, so the cell did not run.`
        : `${e.message} The cell was still running; a new kernel is starting.`;
      const error: Output = { output_type: "error", ename: why ? "KernelRestarted" : "KernelDied", evalue: message, traceback: [`${why ? "KernelRestarted" : "KernelDied"}: ${message}`] };
      this.updateCell(cellId, (c) => ({
        ...c,
        outputs: [...c.outputs, error],
        state: { ...c.state, phase: why ? "interrupted" : "error", durationMs: c.state.startedAt ? Date.now() - c.state.startedAt : null },
      }));
      this.emit({ type: "output", cellId, output: error });
      return why ? "interrupted" : "error";
    }
  }

  private async restart(why: "interrupt" | "restart", message: string): Promise<void> {
    this.emit({ type: "kernel", status: "restarting" });
    this.stopping = why;
    const running = this.running;
    this.kernel?.kill();
    this.kernel = null;
    await running?.finished;
    this.stopping = null;
    this.execCount = 0;
    this.setCells(this.doc.cells.map((c) => (c.state.phase === "queued" || c.state.phase === "running" ? { ...c, state: { ...c.state, phase: "idle" } } : c)), { kind: "restart" });
    const kernel = this.startKernel();
    await kernel.ready.catch(() => undefined);
    this.emit({ type: "kernel", status: "idle", message, ...(why === "interrupt" ? { interrupt: "restarted" as const } : {}) });
  }

  private recoveryFile(): string {
    return join(this.opts.userDataDir, "recovery", "untitled.ipynb");
  }

  private autosaveTarget(): { path: string; text: string; makeParent: boolean } | null {
    // A saved notebook's folder was written once, so autosave may make it again if it was removed.
    return { path: this.doc.path ?? this.recoveryFile(), text: serializeIpynb(this.doc), makeParent: true };
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

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
