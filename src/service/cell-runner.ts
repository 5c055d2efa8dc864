// The run half of NotebookService: the kernel process, the queue of cells to run, their outputs,
// interrupt and restart. It reads and updates cells through the document (notebook-document.ts).
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import type { Output, Page, ValueRef, VariableInfo } from "../api/index";
import { isRunRecord, RUN_MIME } from "../api/index";
import { cellNumber } from "../notebook/cells";
import { withSavedCalls } from "../notebook/export/index";
import { KernelGoneError, KernelProcess } from "./kernel-process";
import type { KernelLauncher } from "./launcher";
import type { EventSink, NotebookDocument } from "./notebook-document";
import { kernelEntry } from "./paths";

export interface RunnerOptions {
  launcher: KernelLauncher;
  kernelEntry?: string;
  /** The kernel's working directory for an untitled notebook. */
  notebooksDir: string;
  /** How long a cooperative interrupt may take before the kernel is killed and restarted. */
  interruptGraceMs: number;
}

const MAX_PAGE_ROWS = 1000;

type QueueItem = { cellId: string; done: () => void };
/** The cell being run: its execution id once sent to the kernel; `cancelled` if interrupted before that. */
type Running = { cellId: string; execId: number | null; cancelled: boolean; finished: Promise<RunOutcome> };
type RunOutcome = "ok" | "error" | "interrupted" | "skipped";

export class CellRunner {
  private kernel: KernelProcess | null = null;
  private execCount = 0;
  private queue: QueueItem[] = [];
  private pumping = false;
  private running: Running | null = null;
  /** Set while the runner itself kills the kernel, so the running cell knows why it ended. */
  private stopping: "interrupt" | "restart" | null = null;
  private interrupting: Promise<void> | null = null;

  constructor(private readonly document: NotebookDocument, private readonly opts: RunnerOptions, private readonly events: EventSink) {}

  /** Queues the code cells among these; resolves when they have run (or were dropped by an error or an interrupt). */
  run(cellIds: string[]): Promise<void> {
    const code = cellIds.filter((id) => this.document.doc.cells.find((c) => c.id === id)?.type === "code");
    const waits = code.map((cellId) => new Promise<void>((done) => this.queue.push({ cellId, done })));
    for (const id of code) this.document.updateCell(id, (c) => (c.state.phase === "running" ? c : { ...c, state: { ...c.state, phase: "queued" } }));
    void this.pump();
    return Promise.all(waits).then(() => undefined);
  }

  /** Drops queued runs (of one cell, or all); their cells go back to idle unless queued again or running. */
  drop(cellId?: string): void {
    const which = (item: QueueItem): boolean => cellId === undefined || item.cellId === cellId;
    const dropped = this.queue.filter(which);
    this.queue = this.queue.filter((i) => !which(i));
    for (const item of dropped) {
      const stillQueued = this.queue.some((i) => i.cellId === item.cellId) || this.running?.cellId === item.cellId;
      if (!stillQueued) this.document.updateCell(item.cellId, (c) => (c.state.phase === "queued" ? { ...c, state: { ...c.state, phase: "idle" } } : c));
      item.done();
    }
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

  async restartKernel(): Promise<void> {
    this.drop();
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

  /** Before the document is replaced: no queue, no kernel (the old one's state belongs to the old document). */
  reset(): void {
    this.drop();
    this.kernel?.kill();
    this.kernel = null;
    this.execCount = 0;
  }

  /** Stops the kernel for good (the service is closing). */
  close(): void {
    this.stopping = "restart";
    this.kernel?.kill();
    this.kernel = null;
  }

  startKernel(): KernelProcess {
    const path = this.document.doc.path;
    const cwd = path ? dirname(path) : this.opts.notebooksDir;
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
        this.drop();
        this.execCount = 0;
        this.document.setCells(this.document.doc.cells, { kind: "restart" });
        const how = code === null ? "killed" : `exit code ${code}`;
        if (!started) {
          // Dying before it was ready would die again: no restart loop; the next run tries once more.
          this.events.emit({ type: "kernel", status: "dead", message: `The kernel could not start (${how}); its error is in the app's log. Reinstall or rebuild (\`npm run build\`), then run a cell to try again.` });
          return;
        }
        this.events.emit({ type: "kernel", status: "dead", message: `The kernel process ended unexpectedly (${how}), perhaps out of memory; starting a new one. Variables are gone: run the cells again.` });
        this.startKernel();
      },
    });
    this.kernel = kernel;
    this.events.emit({ type: "kernel", status: "starting" });
    kernel.ready.then(
      () => {
        started = true;
        if (this.kernel === kernel && !this.pumping) this.events.emit({ type: "kernel", status: "idle" });
      },
      () => undefined,
    );
    return kernel;
  }

  private async interruptRunning(): Promise<void> {
    this.drop();
    const running = this.running;
    if (!running || !this.kernel) return;
    if (running.execId === null) {
      // Not sent to the kernel yet (it is still starting): the cell just does not run, whatever that takes.
      running.cancelled = true;
      await running.finished;
      this.events.emit({ type: "kernel", status: "idle", interrupt: "cooperative", message: "Interrupted before the cell started." });
      return;
    }
    this.kernel.interrupt(running.execId);
    const stopped = await Promise.race([running.finished.then(() => true), delay(this.opts.interruptGraceMs).then(() => false)]);
    if (stopped) {
      this.events.emit({ type: "kernel", status: "idle", interrupt: "cooperative", message: "Interrupted: the cell stopped at its next check; variables are kept." });
      return;
    }
    const seconds = this.opts.interruptGraceMs / 1000;
    await this.restart("interrupt", `Interrupt did not stop the cell within ${seconds} s; the kernel was restarted and its variables are gone.`);
  }

  private addOutput(execId: number | null, cellId: string | null, output: Output): void {
    // A run the Trainer announces is kept with the notebook (its metadata), not shown as an output.
    if (output.output_type === "display_data" && isRunRecord(output.data[RUN_MIME])) {
      this.document.keepRun(output.data[RUN_MIME], cellId);
      return;
    }
    const cells = this.document.doc.cells;
    if (output.output_type === "display_data" && output.display_id) {
      // An update of a display shown earlier (progress, live chart) replaces it where it is.
      const owner = cells.find((c) => c.outputs.some((o) => o.output_type === "display_data" && o.display_id === output.display_id));
      if (owner) {
        this.document.keepOutputs(owner.id, { ...owner, outputs: owner.outputs.map((o) => (o.output_type === "display_data" && o.display_id === output.display_id ? output : o)) });
        this.events.emit({ type: "output", cellId: owner.id, output });
        return;
      }
    }
    const cell = cellId ? cells.find((c) => c.id === cellId) : undefined;
    // Late output of an earlier run of a cell that has run again since is dropped, as Jupyter does.
    if (!cell || cell.executionCount !== execId) {
      if (output.output_type === "stream" && output.name === "stderr") this.events.notice("warning", output.text.trim());
      // A kernel error that belongs to no cell shown now (a timer of an earlier run) is still said.
      if (output.output_type === "error") this.events.notice("error", output.evalue);
      return;
    }
    const shown: Output = output.output_type === "execute_result" ? { ...output, execution_count: execId } : output;
    const last = cell.outputs[cell.outputs.length - 1];
    // Consecutive stream chunks are one text in the document (as Jupyter saves them); the event carries the chunk.
    const outputs =
      shown.output_type === "stream" && last?.output_type === "stream" && last.name === shown.name
        ? [...cell.outputs.slice(0, -1), { ...last, text: last.text + shown.text }]
        : [...cell.outputs, shown];
    this.document.keepOutputs(cell.id, { ...cell, outputs });
    this.events.emit({ type: "output", cellId: cell.id, output: shown });
    // An error after the cell finished (a timer, a promise nobody awaited) fails it now: it must not stay "done".
    if (shown.output_type === "error" && cell.state.phase !== "running") {
      this.document.updateCell(cell.id, (c) => ({ ...c, state: { ...c.state, phase: "error" } }));
      this.events.notice("error", `Cell ${cellNumber(this.document.doc.cells, cell.id)} failed after it had finished: ${shown.evalue}`);
    }
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    this.events.emit({ type: "kernel", status: "busy" });
    while (this.queue.length) {
      const item = this.queue.shift()!;
      const running: Running = { cellId: item.cellId, execId: null, cancelled: false, finished: Promise.resolve<RunOutcome>("skipped") };
      running.finished = this.runOne(running).catch((e: Error): RunOutcome => {
        // The kernel could not even start (e.g. not built): the cell must not stay "queued".
        this.document.updateCell(item.cellId, (c) => ({ ...c, state: { ...c.state, phase: "error" } }));
        this.events.notice("error", `Could not run the cell: ${e.message}`);
        return "error";
      });
      this.running = running;
      const outcome = await running.finished;
      this.running = null;
      item.done();
      // As Jupyter: an error or an interrupt drops the rest of the queue.
      if (outcome === "error" || outcome === "interrupted") this.drop();
    }
    this.pumping = false;
    if (this.kernel?.alive && !this.stopping) this.events.emit({ type: "kernel", status: "idle" });
  }

  private async runOne(run: Running): Promise<RunOutcome> {
    const cellId = run.cellId;
    const cell = this.document.doc.cells.find((c) => c.id === cellId);
    if (!cell || cell.type !== "code") return "skipped";
    const kernel = this.kernel?.alive ? this.kernel : this.startKernel();
    try {
      await kernel.ready;
      if (run.cancelled) {
        this.document.updateCell(cellId, (c) => ({ ...c, state: { ...c.state, phase: "idle" } }));
        return "interrupted";
      }
      const execId = ++this.execCount;
      run.execId = execId;
      const label = `cell ${cellNumber(this.document.doc.cells, cellId)}`;
      this.document.updateCell(cellId, (c) => ({ ...c, outputs: [], executionCount: execId, state: { ...c.state, phase: "running", startedAt: Date.now(), durationMs: null } }));
      const done = await kernel.execute(execId, cellId, cell.source, label);
      const phase = done.status === "ok" ? "done" : done.status;
      // A cell that did not compile keeps the names of its last good parse.
      const names = done.defines.length || done.reads.length || done.status === "ok" ? { defines: done.defines, reads: done.reads } : {};
      this.document.updateCell(cellId, (c) => withSavedCalls({ ...c, state: { ...c.state, ...names, phase, durationMs: done.durationMs } }, done.calls ?? []), { kind: "ran", cellId });
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
      this.document.updateCell(cellId, (c) => ({
        ...c,
        outputs: [...c.outputs, error],
        state: { ...c.state, phase: why ? "interrupted" : "error", durationMs: c.state.startedAt ? Date.now() - c.state.startedAt : null },
      }));
      this.events.emit({ type: "output", cellId, output: error });
      return why ? "interrupted" : "error";
    }
  }

  private async restart(why: "interrupt" | "restart", message: string): Promise<void> {
    this.events.emit({ type: "kernel", status: "restarting" });
    this.stopping = why;
    const running = this.running;
    this.kernel?.kill();
    this.kernel = null;
    await running?.finished;
    this.stopping = null;
    this.execCount = 0;
    this.document.setCells(this.document.doc.cells.map((c) => (c.state.phase === "queued" || c.state.phase === "running" ? { ...c, state: { ...c.state, phase: "idle" } } : c)), { kind: "restart" });
    const kernel = this.startKernel();
    await kernel.ready.catch(() => undefined);
    this.events.emit({ type: "kernel", status: "idle", message, ...(why === "interrupt" ? { interrupt: "restarted" as const } : {}) });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
