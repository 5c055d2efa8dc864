// What the window adds, each figure against its reference in the same run (web mode, Debian's
// Chromium, headless): opening the offline tutorial notebook until every cell's editor is up, against
// the browser's DOMContentLoaded; a trivial cell from the Run click to its output on screen, against
// the run time the kernel reports; scrolling a 100,000-row dataset, the longest main-thread task's
// CPU time against the 50 ms long-task budget. Run: `node scripts/build.mjs && npx tsx bench/ui/latency.ts`.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../e2e/support/runtimes";
import { startServer } from "../../e2e/support/web-server";
import { readLongTasks, traceMainThreadTasks, watchLongTasks } from "../../e2e/support/long-tasks";
import { scrollHeight, scrollTo } from "../../e2e/support/scroll";

const ROOT = new URL("../..", import.meta.url).pathname;
const OPENS = 5;
const RUNS = 30;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => x.toFixed(1);

function notebook(cells: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "mlm-bench-ui-"));
  const path = join(dir, "bench.ipynb");
  writeFileSync(path, JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })) }));
  return path;
}

async function openTimes(page: Page, url: string): Promise<{ editors: number[]; domReady: number[] }> {
  const editors: number[] = [], domReady: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    await page.goto(url);
    const cells = await page.getByTestId("cell").count();
    const codeCells = await page.locator('[data-cell-type="code"]').count();
    await page.waitForFunction(`document.querySelectorAll('[data-cell-type="code"] .monaco-editor').length >= ${codeCells}`);
    const t = (await page.evaluate(`({ now: performance.now(), dom: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd })`)) as { now: number; dom: number };
    editors.push(t.now);
    domReady.push(t.dom);
    if (cells === 0) throw new Error("the notebook opened without cells");
  }
  return { editors, domReady };
}

async function roundTrips(page: Page): Promise<{ ui: number[]; kernel: number[] }> {
  const ui: number[] = [], kernel: number[] = [];
  const cell = page.getByTestId("cell").first();
  for (let i = 0; i < RUNS; i++) {
    const before = Number(await cell.getAttribute("data-execution-count") || 0);
    // Clicked and timed inside the page (in-page code as text: this file compiles for Node); done when
    // the new execution count and its output are on screen.
    const ms = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="cell"]');
      const start = performance.now();
      el.querySelector('[data-testid="run-cell"]').click();
      const check = () => el.getAttribute("data-execution-count") === "${before + 1}" && el.getAttribute("data-cell-phase") === "done" && el.querySelector('[data-testid="output-result"]')
        ? resolve(performance.now() - start) : requestAnimationFrame(check);
      check();
    })`)) as number;
    ui.push(ms);
    kernel.push(Number((/in ([\d.]+) ms/.exec(await cell.getByTestId("cell-status").innerText()) ?? [])[1]));
  }
  return { ui, kernel: kernel.filter((k) => Number.isFinite(k)) };
}

async function scroll(page: Page): Promise<{ cpu: number[]; longTasks: number[] }> {
  await page.getByTestId("run-cell").first().click();
  const table = page.getByTestId("data-scroll").first();
  await table.waitFor();
  await watchLongTasks(page);
  const traced = await traceMainThreadTasks(page, 0, async () => {
    const height = await scrollHeight(table);
    for (let step = 1; step <= 50; step++) {
      await scrollTo(table, (height * step) / 50);
      await page.waitForTimeout(40);
    }
  });
  return { cpu: (traced ?? []).map((t) => t.cpuMs), longTasks: (await readLongTasks(page)).longTasks };
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const load0 = loadavg()[0];

const offline = join(mkdtempSync(join(tmpdir(), "mlm-bench-ui-")), "offline.ipynb");
copyFileSync(join(ROOT, "resources/notebooks/offline.ipynb"), offline);
let server = await startServer(offline);
const open = await openTimes(page, server.url);
await server.stop();

server = await startServer(notebook(["1 + 1"]));
await page.goto(server.url);
await page.getByTestId("cell").first().waitFor();
const trips = await roundTrips(page);
await server.stop();

server = await startServer(notebook([`import { Dataset } from "mlm-notebook";\nconst n = 100_000;\nDataset.fromDict({ id: Array.from({ length: n }, (_, i) => i), text: Array.from({ length: n }, (_, i) => "row " + i) })`]));
await page.goto(server.url);
const scrolled = await scroll(page);
await server.stop();
await browser.close();

const load = ((load0 + loadavg()[0]) / 2 / cpus().length).toFixed(1);
console.log(`| measured | median ms | reference (same run) | median ms |
| --- | --- | --- | --- |
| open the offline notebook until every code cell's editor is up (${OPENS} loads) | ${fmt(median(open.editors))} | DOMContentLoaded of the same loads | ${fmt(median(open.domReady))} |
| run \`1 + 1\`: click → output on screen (${RUNS} runs) | ${fmt(median(trips.ui))} | the kernel's reported run time | ${fmt(median(trips.kernel))} |
| scroll 100,000 rows, 50 jumps: the longest main-thread task's CPU time (of ${scrolled.cpu.length} tasks) | ${fmt(Math.max(...scrolled.cpu))} | the 50 ms long-task budget | 50 |

Performance API long tasks while scrolling: ${scrolled.longTasks.length} (${JSON.stringify(scrolled.longTasks)} ms). Load per core while measuring: ${load}.`);
