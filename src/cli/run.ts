// `mlm-notebook run FILE.ipynb|FILE.ts`: every cell, headless. Outputs go to stdout, errors and
// progress to stderr; the exit code says whether every cell succeeded.
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import type { NotebookDoc, NotebookEvent, Output, ProgressReport, TrainingView } from "../api/index";
import { MIME } from "../api/index";
import { backendLine } from "../engine/training/view";
import { newCell } from "../notebook/cells";
import { parseIpynb } from "../notebook/ipynb";
import { NotebookService } from "../service/notebook-service";
import { ProgressBars } from "./progress-bars";

export interface RunOptions {
  interruptGraceMs?: number;
}

/** Exit codes: 0 all cells ran, 1 a cell failed, 130 interrupted (Ctrl+C), 2 bad input. */
export async function runFile(file: string, options: RunOptions = {}): Promise<number> {
  const path = resolve(file);
  if (!existsSync(path)) {
    process.stderr.write(`mlm-notebook run: ${path} does not exist.\n`);
    return 2;
  }
  let doc: NotebookDoc;
  try {
    doc = load(path);
  } catch (e) {
    process.stderr.write(`mlm-notebook run: ${(e as Error).message}\n`);
    return 2;
  }
  // Headless: no autosave, so running a notebook never rewrites it.
  const service = new NotebookService({ autosave: false, notebooksDir: dirname(path), interruptGraceMs: options.interruptGraceMs }, doc);
  const bars = new ProgressBars();
  const total = doc.cells.filter((c) => c.type === "code").length;
  let started = 0;
  let failed: string | null = null;
  let interrupted = false;
  // A display updated in place (a live training view) prints once, in its final state, when its cell ends.
  const liveDisplays = new Map<string, Output>();
  // Training views already announced (a later evaluate() updates the same view).
  const announced = new Set<string>();
  service.onEvent((e) => print(e));

  function print(e: NotebookEvent): void {
    if (e.type === "cell" && e.cell.state.phase === "running") {
      bars.breakLine();
      process.stderr.write(`── cell ${doc.cells.findIndex((c) => c.id === e.cell.id) + 1} (${++started}/${total}) ──\n`);
    } else if (e.type === "cell" && ["done", "error", "interrupted"].includes(e.cell.state.phase)) {
      for (const o of liveDisplays.values()) printOutput(o, true);
      liveDisplays.clear();
      if (e.cell.state.phase !== "done") failed ??= `cell ${doc.cells.findIndex((c) => c.id === e.cell.id) + 1}`;
    } else if (e.type === "output") {
      printOutput(e.output);
    } else if (e.type === "kernel" && e.message) {
      bars.breakLine();
      process.stderr.write(`${e.message}\n`);
    } else if (e.type === "notice" && e.level !== "info") {
      bars.breakLine();
      process.stderr.write(`${e.level}: ${e.message}\n`);
      if (e.level === "error") failed ??= e.message;
    }
  }

  function printOutput(o: Output, final = false): void {
    if (o.output_type === "display_data" && o.data[MIME.progress]) {
      bars.update(o.data[MIME.progress] as ProgressReport);
      return;
    }
    if (!final && o.output_type === "display_data" && o.display_id) {
      const training = o.data[MIME.training] as TrainingView | undefined;
      // Say once, as a run starts, what it trains on (the backend, or the GPU adapter on webgpu).
      if (training && !announced.has(o.display_id)) {
        announced.add(o.display_id);
        bars.breakLine();
        process.stderr.write(`training ${backendLine(training)}\n`);
      }
      liveDisplays.set(o.display_id, o);
      return;
    }
    bars.breakLine();
    if (o.output_type === "stream") (o.name === "stderr" ? process.stderr : process.stdout).write(o.text);
    else if (o.output_type === "error") process.stderr.write(`${o.traceback.join("\n")}\n`);
    else {
      const text = o.data[MIME.text];
      process.stdout.write(`${typeof text === "string" ? text : `(${Object.keys(o.data).join(", ")} output: open the notebook to see it)`}\n`);
    }
  }

  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write("\nInterrupting (Ctrl+C again to quit at once)…\n");
    void service.interrupt();
  };
  process.on("SIGINT", onSigint);
  const t0 = Date.now();
  try {
    await service.runAll();
  } finally {
    process.off("SIGINT", onSigint);
    await service.close();
  }
  bars.breakLine();
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (interrupted) {
    process.stderr.write(`Interrupted after ${started} of ${total} cells (${seconds} s).\n`);
    return 130;
  }
  if (failed) {
    process.stderr.write(`Failed: ${failed} (ran ${started} of ${total} cells, ${seconds} s).\n`);
    return 1;
  }
  process.stderr.write(`Ran ${total} cells in ${seconds} s.\n`);
  return 0;
}

/** A notebook, or a TypeScript file run as one cell (so a script sees the same engine and output). */
function load(path: string): NotebookDoc {
  const text = readFileSync(path, "utf8");
  if (extname(path).toLowerCase() === ".ipynb") return parseIpynb(text, path);
  if ([".ts", ".mts", ".js", ".mjs"].includes(extname(path).toLowerCase())) {
    return { path: null, title: path, cells: [newCell("code", text)], dirty: false, metadata: {} };
  }
  throw new Error(`${path} is neither a notebook (.ipynb) nor a script (.ts); run one of those.`);
}
