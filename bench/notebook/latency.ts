// Notebook overheads against their floors, measured in one run:
//  - kernel start (fork → ready) against forking a bare Node process that answers one message;
//  - running a trivial cell through the service against a bare IPC echo round trip;
//  - a NotebookApi call over the web-mode WebSocket against the same call made directly.
// Run: node scripts/build.mjs --node-only && npx tsx bench/notebook/latency.ts
import { fork } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket } from "ws";
import { startServer } from "../../src/server/server";
import { KernelProcess } from "../../src/service/kernel-process";
import { forkLauncher } from "../../src/service/launcher";
import { NotebookService } from "../../src/service/notebook-service";
import { kernelEntry } from "../../src/service/paths";

const dir = mkdtempSync(join(tmpdir(), "mlm-bench-"));
const echo = join(dir, "echo.mjs");
writeFileSync(echo, 'process.on("message", (m) => process.send(m)); process.send("ready");\n');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(n: number, f: () => Promise<void>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const rows: [string, number, string, number][] = [];

// 1. Process start.
const bareStart = await time(10, () => new Promise((resolve) => {
  const child = fork(echo, [], { execArgv: [] });
  child.once("message", () => (child.kill("SIGKILL"), resolve()));
}));
const kernelStart = await time(10, async () => {
  const k = new KernelProcess(forkLauncher, kernelEntry(), { cwd: dir }, { onOutput: () => undefined, onUnexpectedExit: () => undefined });
  await k.ready;
  k.kill();
});
rows.push(["kernel start (fork → ready)", kernelStart, "bare Node fork → first message", bareStart]);

// 2. A trivial cell, end to end through the service, against an IPC echo.
const child = fork(echo, [], { execArgv: [] });
await new Promise((r) => child.once("message", r));
const ipc = await time(200, () => new Promise((resolve) => {
  child.once("message", () => resolve());
  child.send({ ping: 1 });
}));
child.kill("SIGKILL");
const service = await NotebookService.start({ userDataDir: join(dir, "data"), notebooksDir: dir, template: "blank", autosave: false });
const id = (await service.getNotebook()).cells[0].id;
await service.editCell(id, "1 + 1");
await service.runCell(id);
const cell = await time(200, () => service.runCell(id));
rows.push(["run cell `1 + 1` via NotebookService", cell, "IPC echo round trip", ipc]);

// 3. The same API call over the WebSocket and directly.
const server = await startServer({ api: service, rendererDir: dir, port: 0 });
const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
await new Promise((r) => ws.once("open", r));
let next = 0;
const overWs = await time(300, () => new Promise((resolve) => {
  const want = ++next;
  const on = (d: Buffer) => {
    if ((JSON.parse(d.toString()) as { id?: number }).id === want) (ws.off("message", on), resolve());
  };
  ws.on("message", on);
  ws.send(JSON.stringify({ id: want, method: "getNotebook", args: [] }));
}));
const direct = await time(300, async () => void (await service.getNotebook()));
rows.push(["getNotebook over WebSocket", overWs, "getNotebook called directly", direct]);
ws.close();
await server.close();

// 4. First engine import in a fresh kernel (loads tfjs and every area).
await service.restartKernel();
await service.editCell(id, 'import * as engine from "mlm-notebook";');
const t = performance.now();
await service.runCell(id);
const engineImport = performance.now() - t;
await service.editCell(id, "1 + 1");
await service.runCell(id);
const after = await time(20, () => service.runCell(id));
rows.push(["first cell importing mlm-notebook (once)", engineImport, "trivial cell in the same kernel", after]);
await service.close();

console.log("| measured | median ms | reference | median ms |\n| --- | --- | --- | --- |");
for (const [a, x, b, y] of rows) console.log(`| ${a} | ${x.toFixed(2)} | ${b} | ${y.toFixed(3)} |`);
