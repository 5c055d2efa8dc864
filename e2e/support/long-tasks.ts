// Long tasks as the page's Performance API sees them. The in-page code is text because the specs
// are compiled for Node (no DOM types); it runs in the browser.
import type { Page } from "@playwright/test";

export interface LongTasks {
  /** "longtask" entries: tasks over 50 ms, in ms. */
  longTasks: number[];
  /** "long-animation-frame" entries: frames over 50 ms, rendering included, in ms. */
  longFrames: number[];
}

const WATCH = `(() => {
  const seen = (window.__longTasks = { longTasks: [], longFrames: [] });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) seen.longTasks.push(Math.round(e.duration)); }).observe({ type: "longtask" });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) seen.longFrames.push(Math.round(e.duration)); }).observe({ type: "long-animation-frame" });
})()`;

export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(WATCH);
}

export async function readLongTasks(page: Page): Promise<LongTasks> {
  return (await page.evaluate("({ ...window.__longTasks })")) as LongTasks;
}

/** Blocks the page's main thread for `ms` in a task of its own (what a slow render would do). */
export async function busyTask(page: Page, ms: number): Promise<void> {
  await page.evaluate(`setTimeout(() => { const end = performance.now() + ${ms}; while (performance.now() < end) {} }, 0)`);
}

export interface TracedTask {
  wallMs: number;
  /** Main-thread CPU time: the page's own work, whatever else the machine is running. */
  cpuMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Runs `work` under Chromium's tracing (over CDP) and returns the renderer main thread's tasks over
 * `minMs` of wall time. Null where the runtime has no CDP session (not Chromium).
 */
export async function traceMainThreadTasks(page: Page, minMs: number, work: () => Promise<void>): Promise<TracedTask[] | null> {
  if (page.context().browser()?.browserType().name() !== "chromium") { await work(); return null; }
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on("Tracing.dataCollected", ({ value }) => { events.push(...(value as unknown as TraceEvent[])); });
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { traceConfig: { includedCategories: ["devtools.timeline", "disabled-by-default-devtools.timeline"] }, transferMode: "ReportEvents" });
  await work();
  await cdp.send("Tracing.end");
  await complete;
  await cdp.detach();
  const main = new Set(events.filter((e) => e.ph === "M" && e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => e.tid));
  return events
    .filter((e) => e.name === "RunTask" && main.has(e.tid) && (e.dur ?? 0) / 1000 > minMs)
    .map((e) => ({ wallMs: Math.round((e.dur ?? 0) / 1000), cpuMs: Math.round((e.tdur ?? 0) / 1000) }));
}
