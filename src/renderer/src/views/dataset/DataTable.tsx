// One split as a virtualised table: only the rows on screen are in the DOM, and their pages are
// fetched from the kernel as they scroll into view.
import { memo, useEffect, useMemo, useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { NotebookApi, SplitView } from "../../../../api/index";
import { usePages, type RowTokens } from "./use-pages";
import { TokenChips, tokensTitle } from "./TokenChips";
import { cellText, isNested } from "./value-text";

const ROW_HEIGHT = 26;
const HEAD_HEIGHT = 40;
const MAX_HEIGHT = 360;

export interface Inspected {
  row: number;
  column: string;
  value: unknown;
  /** The value's tokens, for an id-list column the kernel decoded. */
  tokens?: (string | null)[] | null;
}

interface Props {
  api: NotebookApi;
  valueRef: string;
  split: SplitView;
  onInspect(cell: Inspected): void;
  /** Id-list columns as token chips (when the kernel sent their tokens) instead of numbers. */
  showTokens?: boolean;
}

export function DataTable({ api, valueRef, split, onInspect, showTokens = false }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const value = useMemo(() => ({ ref: valueRef, view: split.view ?? undefined }), [valueRef, split.view]);
  const pages = usePages(api, value, split.preview);
  // useFlushSync off: a scroll renders with React's scheduling, not synchronously inside the scroll event.
  const rows = useVirtualizer({ count: split.numRows, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 6, scrollMargin: HEAD_HEIGHT, useFlushSync: false });
  const items = rows.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => { if (split.numRows > 0) pages.want(first, last); }, [first, last, pages.want, split.numRows]);

  const grid = { gridTemplateColumns: `64px repeat(${split.columns.length}, minmax(140px, 1fr))` };
  return (
    <div className="data-table" data-testid="data-table">
      <div className="data-scroll" ref={scroller} data-testid="data-scroll" style={{ height: Math.min(MAX_HEIGHT, HEAD_HEIGHT + split.numRows * ROW_HEIGHT + 2) }}>
        <div className="data-head" style={{ ...grid, height: HEAD_HEIGHT }}>
          <span className="data-index">#</span>
          {split.columns.map((c) => (
            <span key={c} className="data-col" data-testid="dataset-column" data-column={c} title={split.types[c]}>
              <b>{c}</b><small>{split.types[c] ?? ""}</small>
            </span>
          ))}
        </div>
        <div style={{ height: rows.getTotalSize(), position: "relative" }}>
          {items.map((item) => (
            <Row key={item.key} index={item.index} top={item.start - HEAD_HEIGHT} grid={grid.gridTemplateColumns} columns={split.columns} row={pages.row(item.index)} tokens={pages.tokens(item.index)} showTokens={showTokens} onInspect={onInspect} />
          ))}
        </div>
      </div>
      {pages.error && <div className="data-error" data-testid="dataset-error">Showing the first rows only: {pages.error}</div>}
    </div>
  );
}

interface RowProps {
  index: number;
  top: number;
  grid: string;
  columns: string[];
  /** Undefined while its page is on its way. */
  row: unknown[] | undefined;
  tokens: RowTokens | undefined;
  showTokens: boolean;
  onInspect(cell: Inspected): void;
}

/** Memoised: a scroll re-renders only the rows that came into view. */
const Row = memo(function Row({ index, top, grid, columns, row, tokens, showTokens, onInspect }: RowProps) {
  return (
    <div className="data-row" data-testid="dataset-row" data-row-index={index}
      style={{ gridTemplateColumns: grid, position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}>
      <span className="data-index">{index}</span>
      {columns.map((c, i) => {
        if (!row) return <span key={c} className="data-cell loading">…</span>;
        const v = row[i];
        const t = tokens?.[c];
        return (
          <span key={c} className={`data-cell${isNested(v) ? " nested" : ""}${t && showTokens ? " tokens" : ""}`} data-testid="dataset-cell" data-column={c}
            title={typeof v === "string" ? v : t ? tokensTitle(t) : undefined} onClick={() => onInspect({ row: index, column: c, value: v, tokens: t })}>
            {t && showTokens ? <TokenChips tokens={t} /> : cellText(v)}
          </span>
        );
      })}
    </div>
  );
});
