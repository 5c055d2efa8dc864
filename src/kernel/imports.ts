// A named import the module does not export would be `undefined` in the cell (imports become
// destructuring, see compile.ts), failing later and far away. Checked before the cell runs,
// it is a SyntaxError at the import, as Node's own ESM loader reports it, with the closest name.
import { CellSyntaxError, type NamedImport } from "./compile";

export function checkNamedImports(imports: NamedImport[], source: string, exported: string[]): void {
  const names = new Set(exported);
  for (const i of imports) {
    if (i.source !== source || names.has(i.name)) continue;
    const closest = closestName(i.name, exported);
    throw new CellSyntaxError(
      `The requested module '${source}' does not provide an export named '${i.name}'${closest ? `. Did you mean '${closest}'?` : ""}`,
      i.line,
      i.column,
      i.lineText,
    );
  }
}

/** The export nearest in edit distance (case aside), when it is near enough to be a likely typo. */
function closestName(name: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
