// One split as a virtualised table: only the rows on screen are in the DOM, and their pages are
// fetched from the kernel as they scroll into view. It is an ARIA grid (grid, row, columnheader,
// rowheader, gridcell with aria-rowindex/colindex over all rows), one cell tabbable at a time, moved
// with the arrow keys (grid-keys.ts); Enter opens the cell in the inspector as a click does.
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { NotebookApi, SplitView } from "../../../../api/index";
import { nextPosition, type GridPosition } from "./grid-keys";
import { usePages, type RowTokens } from "./use-pages";
import { TokenChips, tokensTitle } from "./TokenChips";
import { cellText, isNested } from "./value-text";

const ROW_HEIGHT = 26;
const HEAD_HEIGHT = 40;
const MAX_HEIGHT = 360;
/** Rows PageUp/PageDown move: a screenful. */
const PAGE_ROWS = Math.floor((MAX_HEIGHT - HEAD_HEIGHT) / ROW_HEIGHT);

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

  const [active, setActive] = useState<GridPosition>({ row: split.numRows > 0 ? 0 : -1, col: 1 });
  // Set by a key that moved the active cell: focus follows it once its row is rendered.
  const focusPending = useRef(false);
  useEffect(() => {
    if (!focusPending.current) return;
    const target = scroller.current?.querySelector<HTMLElement>(`[data-grid-row="${active.row}"][data-grid-col="${active.col}"]`);
    if (target) { focusPending.current = false; target.focus(); }
  });
  const inspect = (at: GridPosition) => {
    const c = split.columns[at.col - 1];
    const row = pages.row(at.row);
    if (at.row >= 0 && c !== undefined && row) onInspect({ row: at.row, column: c, value: row[at.col - 1], tokens: pages.tokens(at.row)?.[c] });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); inspect(active); return; }
    const next = nextPosition(active, e.key, e.ctrlKey || e.metaKey, { rows: split.numRows, cols: split.columns.length + 1, pageRows: PAGE_ROWS });
    if (!next) return;
    e.preventDefault();
    focusPending.current = true;
    setActive(next);
    // A row outside the rendered window comes in first; focusing it then scrolls the last bit.
    if (next.row >= 0 && (next.row < first || next.row > last)) rows.scrollToIndex(next.row, { align: "auto" });
  };
  // Focus by click or Tab makes that cell the active one.
  const onFocus = (e: { target: EventTarget }) => {
    const el = e.target as HTMLElement;
    const row = Number(el.dataset.gridRow), col = Number(el.dataset.gridCol);
    if (Number.isInteger(row) && Number.isInteger(col) && (row !== active.row || col !== active.col)) setActive({ row, col });
  };
  // One cell is in the Tab order: the active one, or its column's header while its row is scrolled away.
  const tabRow = active.row >= first && active.row <= last ? active.row : -1;

  const grid = { gridTemplateColumns: `64px repeat(${split.columns.length}, minmax(140px, 1fr))` };
  return (
    <div className="data-table" data-testid="data-table">
      <div className="data-scroll" ref={scroller} data-testid="data-scroll" role="grid" aria-label={`${split.view ?? "dataset"} rows`}
        aria-rowcount={split.numRows + 1} aria-colcount={split.columns.length + 1} onKeyDown={onKeyDown} onFocus={onFocus}
        style={{ height: Math.min(MAX_HEIGHT, HEAD_HEIGHT + split.numRows * ROW_HEIGHT + 2) }}>
        <div className="data-head" role="row" aria-rowindex={1} style={{ ...grid, height: HEAD_HEIGHT }}>
          <span className="data-index" role="columnheader" aria-colindex={1} aria-label="row" data-grid-row={-1} data-grid-col={0} tabIndex={tabRow === -1 && active.col === 0 ? 0 : -1}>#</span>
          {split.columns.map((c, i) => (
            <span key={c} className="data-col" role="columnheader" aria-colindex={i + 2} data-grid-row={-1} data-grid-col={i + 1} tabIndex={tabRow === -1 && active.col === i + 1 ? 0 : -1}
              data-testid="dataset-column" data-column={c} title={split.types[c]}>
              <b>{c}</b><small>{split.types[c] ?? ""}</small>
            </span>
          ))}
        </div>
        <div role="rowgroup" style={{ height: rows.getTotalSize(), position: "relative" }}>
          {items.map((item) => (
            <Row key={item.key} index={item.index} top={item.start - HEAD_HEIGHT} grid={grid.gridTemplateColumns} columns={split.columns} row={pages.row(item.index)} tokens={pages.tokens(item.index)}
              showTokens={showTokens} tabCol={tabRow === item.index ? active.col : null} onInspect={onInspect} />
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
  /** The column whose cell is in the Tab order, in this row; null in every other row. */
  tabCol: number | null;
  onInspect(cell: Inspected): void;
}

/** Memoised: a scroll re-renders only the rows that came into view (and a key only the rows it leaves and enters). */
const Row = memo(function Row({ index, top, grid, columns, row, tokens, showTokens, tabCol, onInspect }: RowProps) {
  const place = (col: number) => ({ "aria-colindex": col + 1, "data-grid-row": index, "data-grid-col": col, tabIndex: tabCol === col ? 0 : -1 });
  return (
    <div className="data-row" role="row" aria-rowindex={index + 2} data-testid="dataset-row" data-row-index={index}
      style={{ gridTemplateColumns: grid, position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${top}px)` }}>
      <span className="data-index" role="rowheader" {...place(0)}>{index}</span>
      {columns.map((c, i) => {
        if (!row) return <span key={c} className="data-cell loading" role="gridcell" {...place(i + 1)}>…</span>;
        const v = row[i];
        const t = tokens?.[c];
        return (
          <span key={c} className={`data-cell${isNested(v) ? " nested" : ""}${t && showTokens ? " tokens" : ""}`} role="gridcell" {...place(i + 1)} data-testid="dataset-cell" data-column={c}
            title={typeof v === "string" ? v : t ? tokensTitle(t) : undefined} onClick={() => onInspect({ row: index, column: c, value: v, tokens: t })}>
            {t && showTokens ? <TokenChips tokens={t} /> : cellText(v)}
          </span>
        );
      })}
    </div>
  );
});
