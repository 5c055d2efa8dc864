// Messages between the service and the kernel process (over fork's IPC or Electron's parentPort).
import type { Output, Page, VariableInfo } from "../api/index";
import type { RecordedCall } from "../engine/runtime/record";

export type ToKernel =
  | { type: "execute"; execId: number; cellId: string; source: string; /** How errors name the cell, e.g. "cell 3". */ label: string }
  /** Stop that execution: now if it runs, at once when it starts if it is still queued here. */
  | { type: "interrupt"; execId: number }
  | { type: "fetchPage"; reqId: number; ref: string; view?: string; offset: number; limit: number }
  | { type: "variables"; reqId: number };

export type ExecStatus = "ok" | "error" | "interrupted";

export type FromKernel =
  | { type: "ready"; pid: number }
  | { type: "output"; execId: number | null; cellId: string | null; output: Output }
  | {
      type: "done"; execId: number; cellId: string; status: ExecStatus; defines: string[]; reads: string[]; durationMs: number;
      /** The engine calls the cell made, with their parameters as run (what an export writes a script from). */
      calls?: RecordedCall[];
    }
  | { type: "reply"; reqId: number; result?: Page | VariableInfo[]; error?: string };

/** Grace between a cooperative interrupt and killing the kernel, unless configured. */
export const DEFAULT_INTERRUPT_GRACE_MS = 2000;
