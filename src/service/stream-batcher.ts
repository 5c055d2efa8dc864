// A cell printing in a tight loop sends thousands of chunks a second; the window needs a few.
// Consecutive stream chunks of one cell are joined and sent at most every `intervalMs`; any other
// event first flushes what is pending, so the order of events never changes.
import type { NotebookEvent } from "../api/index";

type StreamEvent = { type: "output"; cellId: string; output: { output_type: "stream"; name: "stdout" | "stderr"; text: string } };

export class StreamBatcher {
  private pending: StreamEvent | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly send: (e: NotebookEvent) => void, private readonly intervalMs = 50) {}

  push(event: NotebookEvent): void {
    if (!isStream(event)) {
      this.flush();
      this.send(event);
      return;
    }
    const p = this.pending;
    if (p && p.cellId === event.cellId && p.output.name === event.output.name) {
      this.pending = { ...p, output: { ...p.output, text: p.output.text + event.output.text } };
      return;
    }
    this.flush();
    // The first chunk goes at once (a cell that then blocks still shows it); later ones wait a little.
    this.send(event);
    this.pending = { ...event, output: { ...event.output, text: "" } };
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.pending;
    this.pending = null;
    if (p && p.output.text) this.send(p);
  }
}

function isStream(e: NotebookEvent): e is StreamEvent {
  return e.type === "output" && e.output.output_type === "stream";
}
