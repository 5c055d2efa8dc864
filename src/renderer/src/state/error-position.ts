// Where in the cell an error output points, read from the kernel's wording ("…, line 3, column 7"),
// so the editor can underline that spot. Null when the error names no line (e.g. inside a library).
import type { Output } from "../../../api/index";

export interface ErrorPosition {
  line: number;
  column: number;
  message: string;
}

const AT = /\bline (\d+)(?:, column (\d+))?/;

export function errorPosition(outputs: Output[]): ErrorPosition | null {
  for (const o of outputs) {
    if (o.output_type !== "error") continue;
    for (const text of [o.evalue, ...o.traceback]) {
      const m = AT.exec(text);
      if (m) return { line: Number(m[1]), column: m[2] ? Number(m[2]) : 1, message: `${o.ename}: ${o.evalue}` };
    }
  }
  return null;
}
