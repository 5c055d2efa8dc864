// "The notebook's tokenizer": the one a cell loaded last. Dataset pages use it to show integer-list
// columns (input_ids, labels) as token strings, since the window cannot decode ids itself.
import type { Page } from "../../api/values";

export interface TokenDecoder {
  convertIdsToTokens(ids: number[]): string[];
}

/** Columns whose id lists a page decodes, as the tutorial names them. */
export const TOKEN_COLUMNS: readonly string[] = ["input_ids", "labels"];

let current: TokenDecoder | null = null;

/** Makes this tokenizer the notebook's (AutoTokenizer.fromPretrained calls it); null forgets it. */
export function setNotebookTokenizer(tokenizer: TokenDecoder | null): void {
  current = tokenizer;
}

export function notebookTokenizer(): TokenDecoder | null {
  return current;
}

/**
 * The page with `tokens` added: for each id-list column, per row the token strings (null for an id
 * the tokenizer does not know, such as labels' -100, and a null row for a value that is not an id list).
 * Unchanged when no tokenizer is loaded or the page has no such column.
 */
export function withTokens(page: Page, tokenizer: TokenDecoder | null = current): Page {
  if (!tokenizer) return page;
  const tokens: Record<string, ((string | null)[] | null)[]> = {};
  page.columns.forEach((name, c) => {
    if (!TOKEN_COLUMNS.includes(name)) return;
    const column = page.rows.map((row) => decodeRow(tokenizer, row[c]));
    if (column.some((r) => r !== null)) tokens[name] = column;
  });
  return Object.keys(tokens).length > 0 ? { ...page, tokens } : page;
}

function decodeRow(tokenizer: TokenDecoder, value: unknown): (string | null)[] | null {
  const ids = ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;
  if (!Array.isArray(ids) || !ids.every((v) => Number.isInteger(v))) return null;
  try {
    return tokenizer.convertIdsToTokens(ids as number[]);
  } catch {
    // Some id is out of the vocabulary (labels' -100): decode one by one.
    return (ids as number[]).map((id) => {
      if (id < 0) return null;
      try {
        return tokenizer.convertIdsToTokens([id])[0] ?? null;
      } catch {
        return null;
      }
    });
  }
}
