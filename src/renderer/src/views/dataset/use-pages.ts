// Rows of one split, fetched from the kernel a page at a time as the table scrolls: the dataset
// stays in the kernel, the window holds only the pages it has shown.
import { useCallback, useEffect, useRef, useState } from "react";
import type { NotebookApi, ValueRef } from "../../../../api/index";

const PAGE_SIZE = 200;

export interface Pages {
  /** The row, or undefined while its page is on its way. */
  row(index: number): unknown[] | undefined;
  /** Asks for the pages covering these rows (each page once). */
  want(first: number, last: number): void;
  /** Why rows cannot be fetched (e.g. the kernel restarted since the output was made). */
  error: string | null;
}

export function usePages(api: NotebookApi, value: ValueRef, preview: { offset: number; rows: unknown[][] }): Pages {
  const pages = useRef(new Map<number, unknown[][]>());
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
    if (page) return page[index % PAGE_SIZE];
    const p = index - preview.offset;
    return p >= 0 && p < preview.rows.length ? preview.rows[p] : undefined;
  }, [preview]);

  const want = useCallback((first: number, last: number) => {
    if (error) return;
    for (let n = Math.floor(first / PAGE_SIZE); n <= Math.floor(last / PAGE_SIZE); n++) {
      if (asked.current.has(n)) continue;
      asked.current.add(n);
      api.fetchPage(value, n * PAGE_SIZE, PAGE_SIZE).then(
        (page) => { pages.current.set(n, page.rows); setVersion((v) => v + 1); },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    }
  }, [api, value.ref, value.view, error]);

  return { row, want, error };
}
