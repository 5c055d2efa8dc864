// Runs cells one after another in one shared scope, streaming their outputs to the service.
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { runInThisContext } from "node:vm";
import type { Output, Page, VariableInfo } from "../api/index";
import { MIME } from "../api/index";
import { progressHtml } from "../notebook/progress-html";
import { progressLine } from "../notebook/progress-text";
import { CellSyntaxError, compileCell, type CompiledCell } from "./compile";
import { loadEngine, setCellState, takeRecordedCalls } from "./engine-hooks";
import { checkNamedImports } from "./imports";
import { runtimeErrorOutput, syntaxErrorOutput } from "./errors";
import type { ExecStatus, FromKernel, ToKernel } from "./protocol";
import { captureStreams } from "./streams";
import { describeVariable, ValueRegistry } from "./values";

type Execute = Extract<ToKernel, { type: "execute" }>;
type ErrorOutput = Extract<Output, { output_type: "error" }>;

/** A cell's run, and what maps its errors' stack frames back to its lines. */
interface CellRun {
  execId: number;
  cellId: string;
  label: string;
  source: string;
  scriptFile: string;
  compiled: CompiledCell | null;
}

/** Ends a cell whose timer or stray promise failed: the error output is ready-made. */
class AsyncCellError extends Error {
  constructor(readonly output: ErrorOutput) {
    super(output.evalue);
  }
}

/** What compiled cells see as their runtime parameter (see compile.ts). */
interface CellRuntime {
  scope: Record<string, unknown>;
  import(specifier: string): Promise<unknown>;
}

export class Kernel {
  /** Null prototype: `with` must not find Object.prototype's names (toString, constructor...). */
  private readonly scope: Record<string, unknown> = Object.create(null);
  private readonly definedBy = new Map<string, string>();
  private readonly values = new ValueRegistry();
  private current: (CellRun & { controller: AbortController; fail: (output: ErrorOutput) => void }) | null = null;
  /** Output after a cell finished (timers, late promises) goes to the cell that started it, as in Jupyter. */
  private last: CellRun | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Executions interrupted while still waiting behind another: they do not start at all. */
  private readonly interruptedEarly = new Set<number>();
  private lastStarted = 0;

  constructor(private readonly send: (m: FromKernel) => void) {
    captureStreams((name, text) => this.emit({ output_type: "stream", name, text }));
    process.on("uncaughtException", (e) => this.asyncError(e, "thrown in a callback (a timer or an event)"));
    process.on("unhandledRejection", (e) => this.asyncError(e, "a rejected promise that nothing awaited"));
  }

  /**
   * An error no cell code can catch: it fails the running cell now (which may be waiting on the
   * very callback that threw), or, after a cell has ended, is that cell's error output.
   */
  private asyncError(thrown: unknown, how: string): void {
    const run = this.current ?? this.last;
    const output = run?.compiled ? runtimeErrorOutput(thrown, run.compiled, run.scriptFile, run.source, run.label) : runtimeErrorOutput(thrown, null, "", "", "");
    const note = this.current ? `(${how})` : `(${how}, after ${run?.label ?? "the cell"} had finished)`;
    const shown = { ...output, evalue: `${output.evalue} ${note}`, traceback: [`${output.traceback[0]} ${note}`, ...output.traceback.slice(1)] };
    if (this.current) this.current.fail(shown);
    else this.emit(shown);
  }

  handle(message: ToKernel): void {
    switch (message.type) {
      case "execute":
        // One cell at a time, in arrival order; replies to other requests do not wait.
        this.queue = this.queue.then(() => this.execute(message));
        break;
      case "interrupt":
        if (this.current?.execId === message.execId) this.current.controller.abort();
        else if (message.execId > this.lastStarted) this.interruptedEarly.add(message.execId);
        break;
      case "fetchPage":
        this.reply(message.reqId, () => this.values.fetchPage(message.ref, message.view, message.offset, message.limit));
        break;
      case "variables":
        this.reply(message.reqId, () => this.variables());
        break;
    }
  }

  private reply(reqId: number, answer: () => Page | VariableInfo[]): void {
    try {
      this.send({ type: "reply", reqId, result: answer() });
    } catch (e) {
      this.send({ type: "reply", reqId, error: (e as Error).message });
    }
  }

  private variables(): VariableInfo[] {
    return Object.keys(this.scope).sort().map((name) => describeVariable(name, this.scope[name], this.definedBy.get(name) ?? null));
  }

  private emit(output: Output): void {
    const target = this.current ?? this.last;
    this.send({ type: "output", execId: target?.execId ?? null, cellId: target?.cellId ?? null, output });
  }

  private async execute({ execId, cellId, source, label }: Execute): Promise<void> {
    this.lastStarted = execId;
    const scriptFile = `mlm-cell-${execId}.js`;
    if (this.interruptedEarly.delete(execId)) {
      this.last = { execId, cellId, label, source, scriptFile, compiled: null };
      this.emit({ output_type: "error", ename: "InterruptedError", evalue: "Interrupted before the cell started", traceback: ["InterruptedError: Interrupted before the cell started"] });
      this.send({ type: "done", execId, cellId, status: "interrupted", defines: [], reads: [], durationMs: 0 });
      return;
    }
    const started = performance.now();
    const controller = new AbortController();
    let fail: (output: ErrorOutput) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = (output) => reject(new AsyncCellError(output))));
    failed.catch(() => undefined);
    const run: CellRun = { execId, cellId, label, source, scriptFile, compiled: null };
    this.current = { ...run, controller, fail };
    this.last = run;
    setCellState(controller.signal, cellId);
    takeRecordedCalls(); // calls made after the previous cell ended (timers) belong to no cell's run
    let status: ExecStatus = "ok";
    let names = { defines: [] as string[], reads: [] as string[] };
    let compiled: CompiledCell | null = null;
    try {
      compiled = compileCell(source, `${label}.ts`);
      run.compiled = this.current.compiled = compiled;
      names = { defines: compiled.defines, reads: compiled.reads };
      if (compiled.namedImports.some((i) => i.source === "mlm-notebook")) {
        checkNamedImports(compiled.namedImports, "mlm-notebook", Object.keys((await this.importModule("mlm-notebook")) as object));
      }
      for (const name of compiled.defines) if (!(name in this.scope)) this.scope[name] = undefined;
      const cell = runInThisContext(compiled.script, { filename: scriptFile }) as (rt: CellRuntime) => Promise<unknown>;
      const value = await Promise.race([cell(this.runtime()), failed]);
      // Node reports a promise the cell left rejected once the microtasks are done: still this cell's.
      await Promise.race([new Promise((settled) => setImmediate(settled)), failed]);
      for (const name of compiled.defines) this.definedBy.set(name, cellId);
      if (value !== undefined) {
        this.emit({ output_type: "execute_result", data: this.values.bundleFor(value), metadata: {}, execution_count: null });
      }
    } catch (e) {
      if (compiled) for (const name of compiled.defines) this.definedBy.set(name, cellId);
      if (e instanceof CellSyntaxError) {
        status = "error";
        this.emit(syntaxErrorOutput(e, label));
      } else if (e instanceof AsyncCellError) {
        status = "error";
        this.emit(e.output);
      } else {
        status = controller.signal.aborted || (e as Error)?.name === "InterruptedError" ? "interrupted" : "error";
        this.emit(compiled ? runtimeErrorOutput(e, compiled, scriptFile, source, label) : { output_type: "error", ename: "Error", evalue: String(e), traceback: [String(e)] });
      }
    } finally {
      this.current = null;
      setCellState(null, null);
    }
    const calls = takeRecordedCalls().filter((c) => c.cellId === cellId);
    this.send({ type: "done", execId, cellId, status, ...names, durationMs: Math.round(performance.now() - started), calls });
  }

  private runtime(): CellRuntime {
    return { scope: this.scope, import: (specifier) => this.importModule(specifier) };
  }

  private async importModule(specifier: string): Promise<unknown> {
    if (specifier === "mlm-notebook") {
      return loadEngine({
        progress: (r) =>
          this.emit({ output_type: "display_data", data: { [MIME.progress]: r, [MIME.html]: progressHtml(r), [MIME.text]: progressLine(r) }, metadata: {}, display_id: `progress-${process.pid}-${r.id}` }),
        display: (bundle, { displayId, value }) =>
          this.emit({ output_type: "display_data", data: value === undefined ? bundle : this.values.bundleFor(value), metadata: {}, ...(displayId ? { display_id: displayId } : {}) }),
        scope: (name) => (name in this.scope ? { found: true, value: this.scope[name] } : { found: false }),
      });
    }
    // Relative paths are the notebook's (the kernel runs in its folder); packages resolve from the app's node_modules.
    if (specifier.startsWith(".") || isAbsolute(specifier)) return import(pathToFileURL(resolve(specifier)).href);
    return import(specifier);
  }
}
