// The window's one copy of the back's state, kept current by applying NotebookEvents in order.
// Components read it through useNotebook(); none of them keeps its own copy of a cell.
import { useSyncExternalStore } from "react";
import type { Cell, KernelStatus, NotebookApi, NotebookDoc, NotebookEvent, Output } from "../../../api/index";

export interface Notice {
  id: number;
  level: "info" | "warning" | "error";
  message: string;
  /** Set for kernel interrupts, so a person (and a test) can tell which way the cell was stopped. */
  interrupt?: "cooperative" | "restarted";
}

export interface UiState {
  doc: NotebookDoc | null;
  kernel: KernelStatus;
  notices: Notice[];
}

const MAX_NOTICES = 5;

export class NotebookStore {
  private state: UiState = { doc: null, kernel: "starting", notices: [] };
  private readonly subscribers = new Set<() => void>();
  private nextNotice = 1;
  private heardFromKernel = false;

  constructor(readonly api: NotebookApi) {
    api.onEvent((event) => this.apply(event));
  }

  async load(): Promise<void> {
    const doc = await this.api.getNotebook();
    // The API has no call for the kernel's status; a window that joins late (a reload) infers it from
    // the cells until the next kernel event says it exactly.
    const kernel = this.heardFromKernel ? this.state.kernel : doc.cells.some((c) => c.state.phase === "running" || c.state.phase === "queued") ? "busy" : "idle";
    this.set({ ...this.state, doc, kernel });
  }

  get = (): UiState => this.state;

  subscribe = (fn: () => void): (() => void) => {
    this.subscribers.add(fn);
    return () => { this.subscribers.delete(fn); };
  };

  notify(level: Notice["level"], message: string, interrupt?: Notice["interrupt"]): void {
    const notice: Notice = { id: this.nextNotice++, level, message, interrupt };
    this.set({ ...this.state, notices: [...this.state.notices, notice].slice(-MAX_NOTICES) });
  }

  dismiss(id: number): void {
    this.set({ ...this.state, notices: this.state.notices.filter((n) => n.id !== id) });
  }

  apply(event: NotebookEvent): void {
    switch (event.type) {
      case "doc":
        this.set({ ...this.state, doc: event.doc });
        break;
      case "cell":
        this.updateCells((cells) => cells.map((c) => (c.id === event.cell.id ? event.cell : c)));
        break;
      case "output":
        this.updateCells((cells) => cells.map((c) => (c.id === event.cellId ? { ...c, outputs: withOutput(c.outputs, event.output) } : c)));
        break;
      case "kernel":
        this.heardFromKernel = true;
        this.set({ ...this.state, kernel: event.status });
        if (event.message || event.interrupt) this.notify(event.interrupt === "restarted" ? "warning" : "info", event.message ?? interruptText(event.interrupt), event.interrupt);
        break;
      case "notice":
        this.notify(event.level, event.message);
        break;
    }
  }

  private updateCells(change: (cells: Cell[]) => Cell[]): void {
    const doc = this.state.doc;
    if (doc) this.set({ ...this.state, doc: { ...doc, cells: change(doc.cells) } });
  }

  private set(next: UiState): void {
    this.state = next;
    for (const fn of this.subscribers) fn();
  }
}

/** Appends an output, or replaces the one with the same display_id in place (live progress, charts). */
function withOutput(outputs: Output[], output: Output): Output[] {
  const id = output.output_type === "display_data" ? output.display_id : undefined;
  if (id !== undefined) {
    const at = outputs.findIndex((o) => o.output_type === "display_data" && o.display_id === id);
    if (at >= 0) return outputs.map((o, i) => (i === at ? output : o));
  }
  return [...outputs, output];
}

function interruptText(how: Notice["interrupt"]): string {
  return how === "restarted" ? "Kernel restarted: the cell did not stop in time." : "Interrupted.";
}

export function useNotebook(store: NotebookStore): UiState {
  return useSyncExternalStore(store.subscribe, store.get);
}
