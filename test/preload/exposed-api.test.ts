// The preload exposes exactly the NotebookApi: one function per method in API_METHODS, each on its
// own IPC channel, and listeners that never see Electron's event object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { API_METHODS, type NotebookEvent } from "../../src/api/index";
import { createBridge, type IpcLike } from "../../src/preload/bridge";

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Records what the bridge asks of ipcRenderer, and lets the test push events on a channel. */
function recordingIpc() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcLike = {
    invoke: async (channel, ...args) => { invoked.push({ channel, args }); return `answer:${channel}`; },
    on: (channel, l) => { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel)!.add(l); },
    removeListener: (channel, l) => { listeners.get(channel)?.delete(l); },
  };
  const push = (channel: string, ...args: unknown[]) => { for (const l of listeners.get(channel) ?? []) l({ sender: "webContents" }, ...args); };
  return { ipc, invoked, listeners, push };
}

test("the bridge has exactly the API's methods, each invoking its own channel with its arguments", async () => {
  const { ipc, invoked } = recordingIpc();
  const api = createBridge(ipc) as unknown as Record<string, (...a: unknown[]) => unknown>;
  assert.deepEqual(Object.keys(api).sort(), [...API_METHODS].sort());
  for (const method of API_METHODS) {
    if (method === "onEvent") continue;
    assert.equal(await api[method]("a", 2), `answer:${method}`);
  }
  assert.deepEqual(invoked.map((c) => c.channel), API_METHODS.filter((m) => m !== "onEvent"));
  assert.ok(invoked.every((c) => c.args.length === 2 && c.args[0] === "a" && c.args[1] === 2));
});

test("onEvent strips Electron's event and its unsubscribe removes the listener", () => {
  const { ipc, listeners, push } = recordingIpc();
  const api = createBridge(ipc);
  const seen: unknown[][] = [];
  const off = api.onEvent((...args: unknown[]) => seen.push(args));
  const event: NotebookEvent = { type: "notice", level: "info", message: "saved" };
  push("onEvent", event);
  assert.deepEqual(seen, [[event]]);
  off();
  assert.equal(listeners.get("onEvent")?.size, 0);
  push("onEvent", event);
  assert.equal(seen.length, 1);
});

test("the preload entry exposes only window.mlmNotebook, with exactly the API's names", async () => {
  // Bundle the real entry as Electron would load it (CommonJS, electron external) and run it in a sandbox.
  const bundle = await build({ entryPoints: ["src/preload/index.ts"], bundle: true, format: "cjs", platform: "node", external: ["electron"], write: false, logLevel: "silent" });
  const exposed = new Map<string, Record<string, unknown>>();
  const { ipc } = recordingIpc();
  const electron = { contextBridge: { exposeInMainWorld: (name: string, value: Record<string, unknown>) => exposed.set(name, value) }, ipcRenderer: ipc };
  const module = { exports: {} };
  runInNewContext(bundle.outputFiles[0].text, {
    module, exports: module.exports,
    require: (id: string) => { if (id === "electron") return electron; throw new Error(`the preload must not require ${id}`); },
  });
  assert.deepEqual([...exposed.keys()], ["mlmNotebook"]);
  const api = exposed.get("mlmNotebook")!;
  assert.deepEqual(Object.keys(api).sort(), [...API_METHODS].sort());
  assert.ok(Object.values(api).every((v) => typeof v === "function"));
});
