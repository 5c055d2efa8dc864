// Rows of one split, fetched from the kernel a page at a time as the table scrolls: the dataset
// stays in the kernel, the window holds only the pages it has shown.
import { useCallback, useEffect, useRef, useState } from "react";
import type { NotebookApi, Page, ValueRef } from "../../../../api/index";

const PAGE_SIZE = 200;

export interface Pages {
  /** The row, or undefined while its page is on its way. */
  row(index: number): unknown[] | undefined;
  /** The row's id-list columns as token strings (decoded in the kernel), when it sent them. */
  tokens(index: number): RowTokens | undefined;
  /** Asks for the pages covering these rows (each page once). */
  want(first: number, last: number): void;
  /** Why rows cannot be fetched (e.g. the kernel restarted since the output was made). */
  error: string | null;
}

/** Column → the row's tokens (null for an id with no token, e.g. labels' -100). */
export type RowTokens = Record<string, (string | null)[] | null>;

type Loaded = Pick<Page, "rows" | "tokens">;

function rowTokens(page: Loaded, i: number): RowTokens | undefined {
  if (!page.tokens) return undefined;
  return Object.fromEntries(Object.entries(page.tokens).map(([c, rows]) => [c, rows[i] ?? null]));
}

export function usePages(api: NotebookApi, value: ValueRef, preview: { offset: number; rows: unknown[][]; tokens?: Page["tokens"] }): Pages {
  const pages = useRef(new Map<number, Loaded>());
  const asked = useRef(new Set<number>());
  const [, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);

  // A new value (or split) starts from its preview rows.
  useEffect(() => {
    pages.current = new Map();
    asked.current = new Set();
    setError(null);
    setVersion((v) => v + 1);
  }, [value.ref, value.view]);

  const row = useCallback((index: number): unknown[] | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE_SIZE));
    if (page) return page.rows[index % PAGE_SIZE];
    const p = index - preview.offset;
    return p >= 0 && p < preview.rows.length ? preview.rows[p] : undefined;
  }, [preview]);

  const tokens = useCallback((index: number): RowTokens | undefined => {
    const page = pages.current.get(Math.floor(index / PAGE_SIZE));
    if (page) return rowTokens(page, index % PAGE_SIZE);
    const p = index - preview.offset;
    return p >= 0 && p < preview.rows.length ? rowTokens(preview, p) : undefined;
  }, [preview]);

  const want = useCallback((first: number, last: number) => {
    if (error) return;
    for (let n = Math.floor(first / PAGE_SIZE); n <= Math.floor(last / PAGE_SIZE); n++) {
      if (asked.current.has(n)) continue;
      asked.current.add(n);
      api.fetchPage(value, n * PAGE_SIZE, PAGE_SIZE).then(
        (page) => { pages.current.set(n, { rows: page.rows, tokens: page.tokens }); setVersion((v) => v + 1); },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    }
  }, [api, value.ref, value.view, error]);

  return { row, tokens, want, error };
}
