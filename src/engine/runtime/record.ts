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
let paused = false;

export function setRecordingCell(cellId: string | null): void {
  currentCell = cellId;
}

export function recordCall(api: string, params: Record<string, unknown>): void {
  if (!paused) calls.push({ api, params, cellId: currentCell, at: Date.now() });
}

/** Runs `work` without recording: the calls one recorded call makes for itself (a sweep's trials) are not steps of the cell. */
export async function withoutRecording<T>(work: () => Promise<T>): Promise<T> {
  const was = paused;
  paused = true;
  try {
    return await work();
  } finally {
    paused = was;
  }
}

export function recordedCalls(): readonly RecordedCall[] {
  return calls;
}

export function clearRecordedCalls(): void {
  calls.length = 0;
}
