// The `app` fixture: the notebook UI on the runtime the project names, opened on a notebook file
// written from the spec's `cells`. Chromium talks to web mode; Electron runs the desktop app.
import { test as base, chromium, _electron, type Page } from "@playwright/test";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CHROMIUM_ARGS, CHROMIUM_PATH, electronBinary } from "./runtimes";
import { writeNotebook, type CellSpec } from "./notebook-file";
import { startServer, type RunningServer } from "./web-server";

const ROOT = new URL("../..", import.meta.url).pathname;

export interface NotebookApp {
  page: Page;
  notebookPath: string;
  /** The desktop app's user data folder (its profile, the encrypted Hub token). */
  userDataDir: string;
  /** Closes everything and opens the same file again in a fresh back (a new server or app). */
  reopen(): Promise<void>;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** What the Content Security Policy blocked. */
  cspViolations: string[];
}

/** The notebook a spec starts from (an object: Playwright reads a bare array option as [value, options]). */
export interface NotebookOption {
  cells: CellSpec[];
}

export const test = base.extend<{ notebook: NotebookOption; serverEnv: NodeJS.ProcessEnv; app: NotebookApp }>({
  notebook: [{ cells: [{ source: "" }] }, { option: true }],
  /** Environment for the back (server or app) and so its kernels: HF_HOME, a Hub's address, … */
  serverEnv: [{}, { option: true }],
  app: async ({ notebook, serverEnv }, use, testInfo) => {
    const { dir, path } = writeNotebook(notebook.cells);
    const userDataDir = join(dir, "user-data");
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    const watch = (page: Page) => {
      page.on("pageerror", (e) => pageErrors.push(e.message));
      page.on("console", (m) => { if (m.type() === "error" && /Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
      return page;
    };
    let close: () => Promise<void>;
    let page: Page;

    if (testInfo.project.name === "electron") {
      const electron = electronBinary();
      testInfo.skip(!electron.path, `electron project: ${electron.why}`);
      const open = async () => {
        const app = await _electron.launch({ executablePath: electron.path, args: [join(ROOT, "out/main/index.js"), path], env: { ...process.env, ...serverEnv, MLM_NOTEBOOK_USER_DATA: userDataDir } as Record<string, string> });
        return { page: watch(await app.firstWindow()), close: () => app.close() };
      };
      ({ page, close } = await open());
      const app: NotebookApp = {
        get page() { return page; }, notebookPath: path, userDataDir, pageErrors, cspViolations,
        async reopen() { await close(); ({ page, close } = await open()); },
      };
      await use(app);
      await close();
    } else {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      let server: RunningServer = await startServer(path, serverEnv);
      const open = async () => {
        const p = watch(await browser.newPage());
        await p.goto(server.url);
        return p;
      };
      page = await open();
      close = async () => { await page.close(); await server.stop(); };
      const app: NotebookApp = {
        get page() { return page; }, notebookPath: path, userDataDir, pageErrors, cspViolations,
        async reopen() { await close(); server = await startServer(path, serverEnv); page = await open(); },
      };
      await use(app);
      await close();
      await browser.close();
    }
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect } from "@playwright/test";
