// The window's web transport against the real web-mode server and service: the agreed protocol
// ({id, method, args} → {id, result | error}, {event}) end to end, and a refused token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WebSocket } from "ws";
import type { NotebookApi, NotebookEvent, Output } from "../../src/api/index";
import { startServer, type RunningServer } from "../../src/server/index";
import { NotebookService } from "../../src/service/index";
import { connectWebSocket, type WebSocketClass } from "../../src/renderer/src/transport/websocket";
import { ensureBuilt, tempDir } from "../service/support";

const Socket = WebSocket as unknown as WebSocketClass;
let service: NotebookService;
let server: RunningServer;

function wsUrl(token: string): string {
  return `ws://127.0.0.1:${server.port}/ws?token=${token}`;
}

function waitFor(api: NotebookApi, match: (e: NotebookEvent) => boolean, ms = 20_000): Promise<NotebookEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no matching event in ${ms} ms`)); }, ms);
    const off = api.onEvent((e) => { if (match(e)) { clearTimeout(timer); off(); resolve(e); } });
  });
}

before(async () => {
  ensureBuilt();
  const dir = tempDir("front-ws");
  const renderer = join(dir, "renderer");
  mkdirSync(renderer);
  writeFileSync(join(renderer, "index.html"), "<!doctype html><title>MLM Notebook</title>");
  service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank" });
  server = await startServer({ api: service, rendererDir: renderer, port: 0 });
});

after(async () => {
  await server.close();
  await service.close();
});

test("calls answer with results, failures reject with the server's message, events stream in order", async () => {
  const { api, close } = connectWebSocket(wsUrl(server.token), Socket);
  const doc = await api.getNotebook();
  assert.ok(Array.isArray(doc.cells));

  const id = await api.addCell(doc.cells.length, "code", 'console.log("over the socket"); 6 * 7');
  assert.equal(typeof id, "string");
  const outputs: Output[] = [];
  api.onEvent((e) => { if (e.type === "output" && e.cellId === id) outputs.push(e.output); });
  const done = waitFor(api, (e) => e.type === "cell" && e.cell.id === id && e.cell.state.phase === "done");
  await api.runCell(id);
  await done;
  assert.deepEqual(outputs.map((o) => o.output_type), ["stream", "execute_result"]);
  assert.equal(outputs[0].output_type === "stream" && outputs[0].text, "over the socket\n");

  await assert.rejects(api.editCell("no-such-cell", "x"), (e: Error) => e instanceof Error && /no-such-cell/.test(e.message));
  close();
});

test("a wrong token is refused: pending calls reject and a notice says how to fix it", async () => {
  const { api, close } = connectWebSocket(wsUrl("wrong-token"), Socket);
  const notice = waitFor(api, (e) => e.type === "notice" && e.level === "error", 5000);
  await assert.rejects(api.getNotebook(), /token/);
  const e = await notice;
  assert.match(e.type === "notice" ? e.message : "", /mlm-notebook serve/);
  close();
});
