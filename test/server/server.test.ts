import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { DEFAULT_PORT, startServer, type RunningServer } from "../../src/server/server";
import { NotebookService } from "../../src/service/notebook-service";
import { ensureBuilt, tempDir } from "../service/support";

let server: RunningServer;
let service: NotebookService;
let base: string;

before(async () => {
  ensureBuilt();
  const dir = tempDir("server");
  const renderer = join(dir, "renderer");
  mkdirSync(join(renderer, "assets"), { recursive: true });
  writeFileSync(join(renderer, "index.html"), "<!doctype html><title>MLM Notebook</title>");
  writeFileSync(join(renderer, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "outside");
  service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank" });
  server = await startServer({ api: service, rendererDir: renderer, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await server.close();
  await service.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on("error", reject).end();
  });
}

function upgrade(path: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    ws.on("open", () => resolve({ ws }));
    ws.on("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on("error", () => undefined);
  });
}

test("listens on 127.0.0.1 by default and prints a URL with the token", () => {
  assert.equal(server.host, "127.0.0.1");
  assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${server.token}`);
  assert.ok(server.token.length >= 32);
});

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    request({ host, port, path: "/" }, (res) => (res.resume(), resolve(true))).on("error", () => resolve(false)).end();
  });
}

test("bound to 127.0.0.1 only by default; --host chooses another address", async () => {
  assert.equal(await connects("127.0.0.1", server.port), true);
  assert.equal(await connects("127.0.0.2", server.port), false, "not reachable on another address of this machine");
  const other = await startServer({ api: service, rendererDir: tempDir("other"), port: 0, host: "127.0.0.2" });
  try {
    assert.equal(other.url, `http://127.0.0.2:${other.port}/?token=${other.token}`);
    assert.equal(await connects("127.0.0.2", other.port), true);
    assert.equal(await connects("127.0.0.1", other.port), false);
  } finally {
    await other.close();
  }
});

test("the default port 8765 falls back to a free one when taken", async () => {
  // Hold 8765 (unless something else already does) so the default cannot be used.
  const holder = createServer();
  await new Promise<void>((resolve) => holder.once("error", () => resolve()).listen(DEFAULT_PORT, "127.0.0.1", () => resolve()));
  const fallback = await startServer({ api: service, rendererDir: tempDir("fallback") });
  try {
    assert.notEqual(fallback.port, DEFAULT_PORT);
    assert.equal(await connects("127.0.0.1", fallback.port), true);
    await assert.rejects(startServer({ api: service, rendererDir: tempDir("taken"), port: fallback.port }), /Port \d+ on 127\.0\.0\.1 is in use\. Pick another with --port N/);
  } finally {
    await fallback.close();
    holder.close();
  }
});

test("HTTP without the token (or with a wrong one) gets 401", async () => {
  assert.equal((await get("/")).status, 401);
  assert.equal((await get("/assets/app.js")).status, 401);
  assert.equal((await get("/?token=wrong")).status, 401);
  assert.equal((await get("/", { Authorization: "Bearer wrong" })).status, 401);
  assert.equal((await get("/", { Cookie: "mlm_token=wrong" })).status, 401);
});

test("with the token: the query sets an HttpOnly SameSite=Strict cookie that loads the assets", async () => {
  const page = await get(`/?token=${server.token}`);
  assert.equal(page.status, 200);
  assert.match(page.body, /MLM Notebook/);
  const cookie = String(page.headers["set-cookie"]);
  assert.match(cookie, new RegExp(`^mlm_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`));
  const asset = await get("/assets/app.js", { Cookie: cookie.split(";")[0] });
  assert.deepEqual([asset.status, asset.body, asset.headers["content-type"]], [200, "console.log(1)", "text/javascript; charset=utf-8"]);
  assert.equal((await get("/assets/app.js", { Authorization: `Bearer ${server.token}` })).status, 200);
  assert.equal((await get("/..%2Fsecret.txt", { Authorization: `Bearer ${server.token}` })).status, 404);
});

test("a WebSocket without the token gets 401; with it, calls and events flow", { timeout: 15000 }, async () => {
  assert.deepEqual(await upgrade("/ws"), { status: 401 });
  assert.deepEqual(await upgrade("/ws?token=wrong"), { status: 401 });
  assert.deepEqual(await upgrade(`/ws?token=${server.token}`, { Origin: "http://evil.example" }), { status: 401 });
  const opened = await upgrade(`/ws?token=${server.token}`);
  assert.ok("ws" in opened);
  const ws = opened.ws;
  const messages: { id?: number; result?: unknown; error?: { message: string }; event?: { type: string } }[] = [];
  const replies = new Map<number, (m: (typeof messages)[number]) => void>();
  ws.on("message", (d) => {
    const m = JSON.parse(d.toString());
    messages.push(m);
    if (typeof m.id === "number") replies.get(m.id)?.(m);
  });
  let nextId = 0;
  const call = (method: string, ...args: unknown[]) =>
    new Promise<(typeof messages)[number]>((resolve) => {
      const id = ++nextId;
      replies.set(id, resolve);
      ws.send(JSON.stringify({ id, method, args }));
    });
  const doc = (await call("getNotebook")).result as { cells: { id: string }[] };
  const id = doc.cells[0].id;
  assert.deepEqual(await call("editCell", id, 'console.log("over ws")'), { id: 2, result: null });
  await call("runCell", id);
  assert.ok(messages.some((m) => m.event?.type === "output"), "events came before the reply");
  assert.match((await call("nope")).error?.message ?? "", /Unknown method "nope"/);
  assert.match((await call("openNotebook", "/no/such/file.ipynb")).error?.message ?? "", /Cannot open \/no\/such\/file\.ipynb: no such file/);
  ws.close();
});
