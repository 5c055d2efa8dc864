// Progress on stderr: redrawn in place on a terminal; in a log (not a TTY), a line every few
// seconds and one when it finishes, so CI logs stay readable.
import type { ProgressReport } from "../api/index";
import { progressLine } from "../notebook/progress-text";

const LOG_INTERVAL_MS = 5000;

export class ProgressBars {
  private lastLogged = new Map<string, number>();
  private drawn: string | null = null;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(report: ProgressReport): void {
    const line = progressLine(report);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}${report.finished ? "\n" : ""}`);
      this.drawn = report.finished ? null : report.id;
      return;
    }
    const now = Date.now();
    const last = this.lastLogged.get(report.id);
    if (report.finished || last === undefined || now - last >= LOG_INTERVAL_MS) {
      this.lastLogged.set(report.id, now);
      this.out.write(`${line}\n`);
    }
  }

  /** Before other output: end a bar drawn in place so the text does not land on it. */
  breakLine(): void {
    if (this.drawn !== null) this.out.write("\n");
    this.drawn = null;
  }
}
