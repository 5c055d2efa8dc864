// The engine records the calls it served (with their parameters as run), so an export can
// write a script from what actually ran rather than from re-reading cell sources.

export interface RecordedCall {
  /** Engine API name, e.g. "loadDataset", "TrainingArguments", "group". */
  api: string;
  params: Record<string, unknown>;
  /** The cell that made the call, set by the host (kernel) while a cell runs. */
  cellId: string | null;
  at: number;
}

const calls: RecordedCall[] = [];
let currentCell: string | null = null;

export function setRecordingCell(cellId: string | null): void {
  currentCell = cellId;
}

export function recordCall(api: string, params: Record<string, unknown>): void {
  calls.push({ api, params, cellId: currentCell, at: Date.now() });
}

export function recordedCalls(): readonly RecordedCall[] {
  return calls;
}

export function clearRecordedCalls(): void {
  calls.length = 0;
}
