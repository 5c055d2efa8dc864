// The main process's IPC table (src/main/ipc.ts) joined to the real preload bridge through an
// in-memory ipcMain/ipcRenderer pair: one channel per API method, each call reaching that one
// method with its arguments, calls from other windows refused, events pushed to the window, and
// the Hub token crossing to the page masked only (the real service and desktop login behind it).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { API_METHODS, type NotebookApi, type NotebookEvent } from "../../src/api/index";
import { desktopApi } from "../../src/main/desktop-api";
import { INVOKE_CHANNELS, registerIpc } from "../../src/main/ipc";
import { TokenStore } from "../../src/main/token-store";
import { createBridge } from "../../src/preload/bridge";
import { NotebookService } from "../../src/service/notebook-service";
import { startHubStandIn } from "../hub-stand-in/server";
import { ensureBuilt } from "../service/support";
import { aesKeychain, ipcPair, recordingApi } from "./support";

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test("every API method but onEvent has its own channel, and the bridge's calls reach that method with their arguments", async () => {
  const { ipcMain, window, renderer, handlers } = ipcPair();
  const { api, calls } = recordingApi();
  registerIpc(ipcMain, api, () => window);
  assert.deepEqual([...handlers.keys()].sort(), API_METHODS.filter((m) => m !== "onEvent").sort());
  assert.deepEqual([...INVOKE_CHANNELS].sort(), [...handlers.keys()].sort());

  const page = createBridge(renderer()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const [i, method] of INVOKE_CHANNELS.entries()) {
    const args = [`cell-${i}`, i, { nested: [i] }];
    assert.deepEqual(await page[method](...args), { method, args }, method);
  }
  assert.deepEqual(calls.map((c) => c.method), INVOKE_CHANNELS, "one API call per page call, each to its own method");
  assert.ok(calls.every((c, i) => c.args.length === 3 && c.args[1] === i), "arguments arrive as sent, nothing added");
});

test("a call from another window is refused and never reaches the API", async () => {
  const { ipcMain, window, renderer } = ipcPair();
  const { api, calls } = recordingApi();
  registerIpc(ipcMain, api, () => window);
  const stranger = createBridge(renderer({ id: "another window's webContents" }));
  await assert.rejects(stranger.saveNotebook("/tmp/elsewhere.ipynb"), /IPC call saveNotebook from an unknown window was refused/);
  // Once the window is gone (null), nothing is answered either.
  const noWindow = ipcPair();
  registerIpc(noWindow.ipcMain, api, () => null);
  await assert.rejects(createBridge(noWindow.renderer()).runAll(), /IPC call runAll from an unknown window was refused/);
  assert.deepEqual(calls, []);
});

test("the service's events reach the page on onEvent until the window is destroyed; disposing removes every handler", async () => {
  const { ipcMain, window, renderer, handlers } = ipcPair();
  const service = recordingApi();
  const dispose = registerIpc(ipcMain, service.api, () => window);
  const seen: NotebookEvent[] = [];
  createBridge(renderer()).onEvent((e) => seen.push(e));
  const saved: NotebookEvent = { type: "notice", level: "info", message: "saved" };
  service.emit(saved);
  window.destroyed = true;
  service.emit({ type: "notice", level: "info", message: "after the window closed" });
  assert.deepEqual(seen, [saved]);

  dispose();
  assert.equal(handlers.size, 0);
  assert.equal(service.listeners.size, 0, "the service subscription is gone");
  // Registering again works (Electron refuses a second handler for a channel that still has one).
  registerIpc(ipcMain, service.api, () => window);
  assert.equal(handlers.size, INVOKE_CHANNELS.length);
});

test("through the bridge, the Hub token goes to the back and only its masked form comes back, in results and events", async () => {
  ensureBuilt();
  const hub = await startHubStandIn();
  const dir = mkdtempSync(join(tmpdir(), "mlm-ipc-token-"));
  dirs.push(dir);
  const env = { HF_HOME: process.env.HF_HOME, HF_TOKEN: process.env.HF_TOKEN, HF_ENDPOINT: process.env.HF_ENDPOINT };
  process.env.HF_HOME = join(dir, "hf");
  delete process.env.HF_TOKEN;
  mkdirSync(join(dir, "data")); // Electron's userData folder exists before main runs
  const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", autosave: false });
  try {
    const { ipcMain, window, renderer } = ipcPair();
    registerIpc(ipcMain, desktopApi(service, new TokenStore(join(dir, "data"), aesKeychain())), () => window);
    const page: NotebookApi = createBridge(renderer());
    const events: NotebookEvent[] = [];
    page.onEvent((e) => events.push(e));

    const answers: unknown[] = [await page.login(hub.token, hub.url), await page.loginStatus()];
    const masked = `${hub.token.slice(0, 3)}…${hub.token.slice(-4)}`;
    assert.deepEqual(answers.slice(), [
      { ok: true, name: "tester", orgs: ["stand-in-org"], masked },
      { ok: true, name: "tester", orgs: ["stand-in-org"], masked },
    ]);
    answers.push(await page.getNotebook(), await page.variables());
    await page.logout();
    answers.push(await page.loginStatus());
    assert.equal((answers.at(-1) as { ok: boolean }).ok, false, "logged out");
    assert.ok(!JSON.stringify([answers, events]).includes(hub.token), "the full token reached the page");
  } finally {
    await service.close();
    await hub.close();
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});
