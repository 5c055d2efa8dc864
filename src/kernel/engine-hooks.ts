// The engine module the cells import is the one the kernel hooks into: both come from one
// import("mlm-notebook") (the package's self-reference → out/engine/index.js), so there is one
// instance of its sinks. Loaded on a cell's first import, so cells without the engine start fast;
// that import also starts the compute backend.
import type * as Engine from "mlm-notebook";

export type EngineModule = typeof Engine;

export interface HookTargets {
  progress: Parameters<EngineModule["setProgressSink"]>[0];
  display: Parameters<EngineModule["setDisplaySink"]>[0];
  /** How the engine finds the cell-level names a map function captures (to send them to workers). */
  scope: NonNullable<Parameters<EngineModule["setScopeResolver"]>[0]>;
}

let engine: EngineModule | null = null;
let state: { signal: AbortSignal | null; cellId: string | null } = { signal: null, cellId: null };

export async function loadEngine(targets: HookTargets): Promise<EngineModule> {
  if (!engine) {
    const loaded = (await import("mlm-notebook")) as EngineModule;
    loaded.setProgressSink(targets.progress);
    loaded.setDisplaySink(targets.display);
    loaded.setScopeResolver(targets.scope);
    // tfjs needs its backend started before the first tensor, and cells create tensors in sync
    // calls (RobertaForMaskedLM.fromConfig), so the backend starts with the engine.
    await loaded.ready();
    engine = loaded;
    applyCellState();
  }
  return engine;
}

/** The calls recorded since the last take, handed over once (each cell's result carries its own). */
export function takeRecordedCalls(): ReturnType<EngineModule["recordedCalls"]>[number][] {
  if (!engine) return [];
  const calls = [...engine.recordedCalls()];
  engine.clearRecordedCalls();
  return calls;
}

/** Per cell: the signal engine loops check, and the cell their recorded calls belong to. */
export function setCellState(signal: AbortSignal | null, cellId: string | null): void {
  state = { signal, cellId };
  applyCellState();
}

function applyCellState(): void {
  engine?.setAbortSignal(state.signal);
  engine?.setRecordingCell(state.cellId);
}
