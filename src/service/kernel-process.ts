// One running kernel process as the service sees it: execute requests, page requests, and its end.
import type { Output, Page, VariableInfo } from "../api/index";
import type { FromKernel, ToKernel } from "../kernel/protocol";
import type { KernelChannel, KernelLauncher, KernelLaunchOptions } from "./launcher";

export type DoneMessage = Extract<FromKernel, { type: "done" }>;

export class KernelGoneError extends Error {
  constructor(readonly exitCode: number | null) {
    super(`The kernel process ended (${exitCode === null ? "killed" : `exit code ${exitCode}`}).`);
    this.name = "KernelGoneError";
  }
}

interface Handlers {
  onOutput(execId: number | null, cellId: string | null, output: Output): void;
  /** The process ended without being asked to (crash, out of memory). */
  onUnexpectedExit(code: number | null): void;
}

export class KernelProcess {
  readonly ready: Promise<void>;
  private readonly channel: KernelChannel;
  private readonly executions = new Map<number, { resolve: (d: DoneMessage) => void; reject: (e: Error) => void }>();
  private readonly requests = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextReq = 0;
  private exited: KernelGoneError | null = null;
  private killing = false;

  constructor(launcher: KernelLauncher, entry: string, options: KernelLaunchOptions, private readonly handlers: Handlers) {
    this.channel = launcher(entry, options);
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    // Nobody may await `ready` (a kernel killed while starting); that must not be an unhandled rejection.
    this.ready.catch(() => undefined);
    this.channel.onMessage((m) => {
      switch (m.type) {
        case "ready":
          readyResolve();
          break;
        case "output":
          this.handlers.onOutput(m.execId, m.cellId, m.output);
          break;
        case "done":
          this.executions.get(m.execId)?.resolve(m);
          this.executions.delete(m.execId);
          break;
        case "reply": {
          const pending = this.requests.get(m.reqId);
          this.requests.delete(m.reqId);
          if (m.error !== undefined) pending?.reject(new Error(m.error));
          else pending?.resolve(m.result);
          break;
        }
      }
    });
    this.channel.onExit((code) => {
      const gone = new KernelGoneError(code);
      this.exited = gone;
      readyReject(gone);
      for (const e of this.executions.values()) e.reject(gone);
      for (const r of this.requests.values()) r.reject(gone);
      this.executions.clear();
      this.requests.clear();
      if (!this.killing) this.handlers.onUnexpectedExit(code);
    });
  }

  get alive(): boolean {
    return this.exited === null;
  }

  /** Resolves when the cell finished (in any way); rejects with KernelGoneError if the process ended. */
  execute(execId: number, cellId: string, source: string, label: string): Promise<DoneMessage> {
    if (this.exited) return Promise.reject(this.exited);
    const done = new Promise<DoneMessage>((resolve, reject) => this.executions.set(execId, { resolve, reject }));
    this.send({ type: "execute", execId, cellId, source, label });
    return done;
  }

  /** Asks the execution to stop at its next check (its AbortSignal fires). */
  interrupt(execId: number): void {
    this.send({ type: "interrupt", execId });
  }

  fetchPage(ref: string, view: string | undefined, offset: number, limit: number): Promise<Page> {
    return this.request((reqId) => ({ type: "fetchPage", reqId, ref, view, offset, limit })) as Promise<Page>;
  }

  variables(): Promise<VariableInfo[]> {
    return this.request((reqId) => ({ type: "variables", reqId })) as Promise<VariableInfo[]>;
  }

  kill(): void {
    this.killing = true;
    if (!this.exited) this.channel.kill();
  }

  private request(make: (reqId: number) => ToKernel): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const reqId = ++this.nextReq;
    const reply = new Promise((resolve, reject) => this.requests.set(reqId, { resolve, reject }));
    this.send(make(reqId));
    return reply;
  }

  private send(m: ToKernel): void {
    if (!this.exited) this.channel.send(m);
  }
}
