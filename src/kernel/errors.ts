// Errors as Jupyter shows them (ename, evalue, traceback lines), pointing at the line in the cell.
import type { Output } from "../api/index";
import { CellSyntaxError, type CompiledCell } from "./compile";

type ErrorOutput = Extract<Output, { output_type: "error" }>;

export function syntaxErrorOutput(e: CellSyntaxError, cellLabel: string): ErrorOutput {
  return {
    output_type: "error",
    ename: "SyntaxError",
    evalue: `${e.message} (${cellLabel}, line ${e.line}, column ${e.column})`,
    traceback: [`SyntaxError: ${e.message}`, `  at ${cellLabel}, line ${e.line}, column ${e.column}`, ...excerpt(e.lineText, e.line, e.column)],
  };
}

/**
 * A thrown value as an error output. The innermost stack frame in the cell's script gives the
 * line; frames inside the engine or libraries stay in the traceback, below it.
 */
export function runtimeErrorOutput(thrown: unknown, compiled: CompiledCell | null, scriptFile: string, source: string, cellLabel: string): ErrorOutput {
  const error = thrown instanceof Error ? thrown : null;
  const ename = error?.name ?? "Error";
  const evalue = error ? error.message : `Uncaught ${typeof thrown === "string" ? JSON.stringify(thrown) : String(thrown)}`;
  const stack = (error?.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const frame = new RegExp(`${escapeRegExp(scriptFile)}:(\\d+):(\\d+)`);
  let where: { line: number; column: number } | null = null;
  const frames: string[] = [];
  for (const l of stack) {
    const m = frame.exec(l);
    if (m && compiled) {
      const pos = compiled.toCellPosition(Number(m[1]), Number(m[2]));
      where ??= pos;
      frames.push(l.replace(frame, pos ? `${cellLabel}:${pos.line}:${pos.column}` : cellLabel).replace(/^\s+/, "    "));
    } else if (!/node:internal|kernel\/index\.js/.test(l)) {
      frames.push(l.replace(/^\s+/, "    "));
    }
  }
  const head = `${ename}: ${evalue}`;
  if (!where) return { output_type: "error", ename, evalue, traceback: [head, ...frames] };
  const lineText = source.split("\n")[where.line - 1] ?? "";
  return {
    output_type: "error",
    ename,
    evalue: `${evalue} (${cellLabel}, line ${where.line})`,
    traceback: [head, `  at ${cellLabel}, line ${where.line}, column ${where.column}`, ...excerpt(lineText, where.line, where.column), ...frames],
  };
}

function excerpt(lineText: string, line: number, column: number): string[] {
  const gutter = `  ${line} | `;
  return [`${gutter}${lineText}`, `${" ".repeat(gutter.length - 2)}| ${" ".repeat(Math.max(0, column - 1))}^`];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
