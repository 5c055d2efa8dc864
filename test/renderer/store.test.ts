// The window's mirror of the back: events applied in order give the document the back has.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Cell, NotebookApi, NotebookDoc, NotebookEvent, Output } from "../../src/api/index";
import { NotebookStore } from "../../src/renderer/src/state/store";

function cell(id: string, over: Partial<Cell> = {}): Cell {
  return {
    id, type: "code", source: "", outputs: [], executionCount: null,
    state: { phase: "idle", freshness: { kind: "not-run" }, defines: [], reads: [], startedAt: null, durationMs: null },
    ...over,
  };
}

/** An API whose events the test pushes, and whose getNotebook answers with `doc`. */
function backWith(doc: NotebookDoc): { api: NotebookApi; push(e: NotebookEvent): void } {
  let listener: ((e: NotebookEvent) => void) | null = null;
  const api = { getNotebook: async () => doc, onEvent: (l: (e: NotebookEvent) => void) => { listener = l; return () => { listener = null; }; } } as unknown as NotebookApi;
  return { api, push: (e) => listener?.(e) };
}

const doc = (cells: Cell[]): NotebookDoc => ({ path: null, title: "t", cells, dirty: false, metadata: {} });
const progress = (done: number): Output => ({ output_type: "display_data", data: { "text/plain": `${done}` }, metadata: {}, display_id: "p1" });

test("outputs append, and one with a known display_id replaces its earlier self in place", async () => {
  const back = backWith(doc([cell("a"), cell("b")]));
  const store = new NotebookStore(back.api);
  await store.load();
  back.push({ type: "output", cellId: "a", output: { output_type: "stream", name: "stdout", text: "hi\n" } });
  back.push({ type: "output", cellId: "a", output: progress(1) });
  back.push({ type: "output", cellId: "a", output: progress(2) });
  const outputs = store.get().doc!.cells[0].outputs;
  assert.equal(outputs.length, 2);
  assert.deepEqual(outputs[1], progress(2));
  assert.deepEqual(store.get().doc!.cells[1].outputs, []);
});

test("a cell event replaces that cell; a doc event replaces the document", async () => {
  const back = backWith(doc([cell("a")]));
  const store = new NotebookStore(back.api);
  await store.load();
  back.push({ type: "cell", cell: cell("a", { executionCount: 3, source: "x" }) });
  assert.equal(store.get().doc!.cells[0].executionCount, 3);
  back.push({ type: "doc", doc: doc([cell("c"), cell("d")]) });
  assert.deepEqual(store.get().doc!.cells.map((c) => c.id), ["c", "d"]);
});

test("kernel events set the status and say how an interrupt ended; notices are kept briefly", async () => {
  const back = backWith(doc([]));
  const store = new NotebookStore(back.api);
  back.push({ type: "kernel", status: "idle", interrupt: "restarted", message: "Kernel restarted: the cell did not stop within 2 s" });
  assert.equal(store.get().kernel, "idle");
  assert.deepEqual(store.get().notices.map((n) => [n.level, n.interrupt, n.message]), [["warning", "restarted", "Kernel restarted: the cell did not stop within 2 s"]]);
  back.push({ type: "kernel", status: "idle", interrupt: "cooperative" });
  assert.equal(store.get().notices[1].message, "Interrupted.");
  for (let i = 0; i < 10; i++) back.push({ type: "notice", level: "info", message: `n${i}` });
  assert.equal(store.get().notices.length, 5);
  assert.equal(store.get().notices.at(-1)!.message, "n9");
});

test("a window that joins late infers the kernel's status from the cells until the kernel speaks", async () => {
  const running = cell("a", { state: { ...cell("a").state, phase: "running" } });
  const store = new NotebookStore(backWith(doc([running])).api);
  assert.equal(store.get().kernel, "starting");
  await store.load();
  assert.equal(store.get().kernel, "busy");
  const idle = new NotebookStore(backWith(doc([cell("a")])).api);
  await idle.load();
  assert.equal(idle.get().kernel, "idle");
});
