// Keyboard movement in the dataset grid, as WAI-ARIA's data grid pattern has it: arrows move one
// cell, Home/End to the row's ends, Ctrl+Home/End to the grid's first/last cell, PageUp/PageDown
// by a screenful. Row -1 is the header row; column 0 is the row-number column.

export interface GridPosition {
  row: number;
  col: number;
}

export interface GridSize {
  /** Data rows (the header row is extra). */
  rows: number;
  /** Columns, the row-number column included. */
  cols: number;
  /** Rows a screenful holds, for PageUp/PageDown. */
  pageRows: number;
}

/** Where a key moves the active cell, or null for a key the grid does not handle. */
export function nextPosition(at: GridPosition, key: string, ctrl: boolean, size: GridSize): GridPosition | null {
  const lastRow = size.rows - 1;
  const row = (r: number): number => Math.max(-1, Math.min(lastRow, r));
  const col = (c: number): number => Math.max(0, Math.min(size.cols - 1, c));
  switch (key) {
    case "ArrowUp": return { row: row(at.row - 1), col: at.col };
    case "ArrowDown": return { row: row(at.row + 1), col: at.col };
    case "ArrowLeft": return { row: at.row, col: col(at.col - 1) };
    case "ArrowRight": return { row: at.row, col: col(at.col + 1) };
    case "Home": return { row: ctrl ? -1 : at.row, col: 0 };
    case "End": return { row: ctrl ? row(lastRow) : at.row, col: size.cols - 1 };
    case "PageUp": return { row: row(at.row - size.pageRows), col: at.col };
    case "PageDown": return { row: row(at.row + size.pageRows), col: at.col };
    default: return null;
  }
}
