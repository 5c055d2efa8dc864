// Which recorded map() functions have a Python equivalent: the tutorial's two shapes. Matching the
// function's source text is deliberate here: a map function is code, and only code that has the
// tutorial's shape can be written as the tutorial's Python; anything else is listed, not guessed at.

export type MapShape =
  | { kind: "tokenize"; column: string; /** Separator the rows' lists are joined with, or null when the column holds strings. */ join: string | null }
  | { kind: "group"; blockSize: number; blockSizeName: string }
  | { kind: "other" };

/** `return tok(examples["col"])` or `return tok(examples["col"].map((x) => x.join(" ")))`, as the only statement. */
const TOKENIZE = /^\(?(?:async\s+)?function\s*\w*\s*\(\s*(\w+)\s*\)\s*\{\s*return\s+\w+\(\s*(\w+)\[\s*(["'`])(.+?)\3\s*\](?:\.map\(\s*\(?\s*(\w+)\s*\)?\s*=>\s*(\w+)\.join\(\s*(["'`])(.*?)\7\s*\)\s*\))?\s*\)\s*;?\s*\}\)?$/s;
/** Concatenate every column (`.flat()`), then cut into `t.slice(i, i + N)` blocks, N a captured number. */
const SLICE = /\.slice\(\s*(\w+)\s*,\s*\1\s*\+\s*(\w+)\s*\)/;

export function mapShape(source: string, captured: Record<string, unknown>): MapShape {
  const tok = TOKENIZE.exec(source.trim());
  if (tok && tok[1] === tok[2] && (tok[5] === undefined || tok[5] === tok[6])) {
    return { kind: "tokenize", column: tok[4], join: tok[5] === undefined ? null : tok[8] };
  }
  const slice = SLICE.exec(source);
  const blockSize = slice ? captured[slice[2]] : undefined;
  if (slice && /\.flat\(\s*\)/.test(source) && typeof blockSize === "number" && Number.isInteger(blockSize) && blockSize > 0) {
    return { kind: "group", blockSize, blockSizeName: slice[2] };
  }
  return { kind: "other" };
}
