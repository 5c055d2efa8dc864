// Issue 17, hole 3: a Hub (or proxy) that accepts the connection and never answers, or stops
// in the middle of a download, ends in a message naming the host and the fix within
// HF_HUB_ETAG_TIMEOUT / HF_HUB_DOWNLOAD_TIMEOUT, and an interrupt stops the wait without a restart.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { HubTimeoutError, hubFile, listRepoFiles, whoAmI } from "../../src/engine/hub/index";
import { hubTimeoutSeconds } from "../../src/engine/hub/timeouts";
import { InterruptedError, setAbortSignal } from "../../src/engine/runtime/abort";
import { NotebookService } from "../../src/service/notebook-service";
import { ensureBuilt, nextEvent, tempDir } from "../service/support";

let silent: Server;
let silentUrl = "";
const sockets = new Set<Socket>();
let stalling: HttpServer;
let stallingUrl = "";
let cacheDir = "";
const saved = { etag: process.env.HF_HUB_ETAG_TIMEOUT, download: process.env.HF_HUB_DOWNLOAD_TIMEOUT };

before(async () => {
  // Accepts every connection and never writes a byte.
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  // Answers a file's metadata like the Hub, then sends 10 bytes of its 1000 and stops.
  stalling = createHttpServer((req, res) => {
    const headers = { "X-Repo-Commit": "a".repeat(40), ETag: '"stall-etag"', "Content-Length": "1000" };
    if (req.method === "HEAD") return res.writeHead(200, headers).end();
    res.writeHead(200, headers);
    res.write(Buffer.alloc(10, 1));
  });
  await new Promise<void>((r) => stalling.listen(0, "127.0.0.1", r));
  stallingUrl = `http://127.0.0.1:${(stalling.address() as { port: number }).port}`;
  cacheDir = mkdtempSync(join(tmpdir(), "hub-timeouts-"));
});
after(async () => {
  process.env.HF_HUB_ETAG_TIMEOUT = saved.etag;
  process.env.HF_HUB_DOWNLOAD_TIMEOUT = saved.download;
  if (saved.etag === undefined) delete process.env.HF_HUB_ETAG_TIMEOUT;
  if (saved.download === undefined) delete process.env.HF_HUB_DOWNLOAD_TIMEOUT;
  for (const s of sockets) s.destroy();
  silent.close();
  stalling.closeAllConnections();
  stalling.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

async function settlesWithin<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

test("the defaults are huggingface_hub's: 10 s each, read from HF_HUB_ETAG_TIMEOUT and HF_HUB_DOWNLOAD_TIMEOUT", () => {
  delete process.env.HF_HUB_ETAG_TIMEOUT;
  delete process.env.HF_HUB_DOWNLOAD_TIMEOUT;
  assert.deepEqual([hubTimeoutSeconds("etag"), hubTimeoutSeconds("download")], [10, 10]);
  process.env.HF_HUB_ETAG_TIMEOUT = "2.5";
  process.env.HF_HUB_DOWNLOAD_TIMEOUT = "30";
  assert.deepEqual([hubTimeoutSeconds("etag"), hubTimeoutSeconds("download")], [2.5, 30]);
});

test("a Hub that never answers: hubFile, listRepoFiles and whoAmI fail after HF_HUB_ETAG_TIMEOUT, naming the host and the fix", async () => {
  process.env.HF_HUB_ETAG_TIMEOUT = "1";
  const host = new URL(silentUrl).host;
  const calls: [string, () => Promise<unknown>][] = [
    ["hubFile", () => hubFile("acme/never", "config.json", { hubUrl: silentUrl, cacheDir })],
    ["listRepoFiles", () => listRepoFiles("acme/never", { hubUrl: silentUrl, cacheDir, repoType: "dataset" })],
    ["whoAmI", () => whoAmI({ hubUrl: silentUrl, token: "hf_" + "x".repeat(34) })],
  ];
  for (const [name, call] of calls) {
    const t0 = Date.now();
    await assert.rejects(settlesWithin(8000, call()), (e: Error) => {
      assert.ok(e instanceof HubTimeoutError, `${name}: ${e.name}: ${e.message}`);
      assert.match(e.message, new RegExp(`The Hub at ${host} did not answer within 1 s \\(HF_HUB_ETAG_TIMEOUT\\)`));
      assert.match(e.message, /raise HF_HUB_ETAG_TIMEOUT/);
      return true;
    });
    assert.ok(Date.now() - t0 >= 900, `${name} waited for the timeout`);
  }
});

test("a download that stops in the middle fails after HF_HUB_DOWNLOAD_TIMEOUT and leaves no partial file", async () => {
  process.env.HF_HUB_ETAG_TIMEOUT = "5";
  process.env.HF_HUB_DOWNLOAD_TIMEOUT = "1";
  await assert.rejects(settlesWithin(8000, hubFile("acme/stalls", "model.safetensors", { hubUrl: stallingUrl, cacheDir })), (e: Error) => {
    assert.ok(e instanceof HubTimeoutError, `${e.name}: ${e.message}`);
    assert.match(e.message, /did not answer within 1 s \(HF_HUB_DOWNLOAD_TIMEOUT\) while fetching acme\/stalls\/model\.safetensors/);
    return true;
  });
  const blobs = join(cacheDir, "models--acme--stalls", "blobs");
  assert.deepEqual(existsSync(blobs) ? readdirSync(blobs) : [], [], "no .incomplete file is left");
});

test("an interrupt aborts a request that is waiting for the Hub", async () => {
  process.env.HF_HUB_ETAG_TIMEOUT = "60";
  const controller = new AbortController();
  setAbortSignal(controller.signal);
  try {
    const pending = hubFile("acme/never", "config.json", { hubUrl: silentUrl, cacheDir });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(settlesWithin(5000, pending), InterruptedError);
  } finally {
    setAbortSignal(null);
  }
});

test("in a notebook, interrupting fromPretrained against a silent Hub stops the cell and keeps the kernel", async () => {
  ensureBuilt();
  process.env.HF_HUB_ETAG_TIMEOUT = "60";
  const dir = tempDir("hub-timeout-kernel");
  const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", interruptGraceMs: 3000, autosave: false });
  try {
    const events: { interrupt?: string }[] = [];
    service.onEvent((e) => e.type === "kernel" && events.push(e));
    const id = (await service.getNotebook()).cells[0].id;
    await service.editCell(id, `import { AutoModelForMaskedLM } from "mlm-notebook";\nconst kept = 1;\nconsole.log("asking");\nawait AutoModelForMaskedLM.fromPretrained("acme/never", { hubUrl: ${JSON.stringify(silentUrl)}, cacheDir: ${JSON.stringify(cacheDir)} });`);
    const running = service.runCell(id);
    await nextEvent(service, (e) => e.type === "output" && e.cellId === id);
    await new Promise((r) => setTimeout(r, 300));
    await service.interrupt();
    await running;
    assert.deepEqual(events.flatMap((e) => (e.interrupt ? [e.interrupt] : [])), ["cooperative"], "stopped without restarting the kernel");
    const c = (await service.getNotebook()).cells[0];
    assert.equal(c.state.phase, "interrupted");
    const probe = await service.addCell(1, "code", "kept");
    await service.runCell(probe);
    const out = (await service.getNotebook()).cells[1].outputs[0];
    assert.deepEqual(out?.output_type === "execute_result" ? out.data["text/plain"] : out, "1", "the kernel kept its variables");
  } finally {
    await service.close();
  }
});
