import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Cell, NotebookEvent, TemplateId } from "../../src/api/index";
import { NotebookService, type NotebookServiceOptions } from "../../src/service/notebook-service";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { ensureBuilt, nextEvent, serviceWithCells, tempDir } from "./support";

before(() => ensureBuilt());

const open: NotebookService[] = [];
after(async () => {
  for (const s of open) await s.close();
});

/** A service on a blank notebook whose cells are the given sources. */
function serviceWith(sources: string[], options: NotebookServiceOptions = {}): ReturnType<typeof serviceWithCells> {
  return serviceWithCells("service", sources, open, { interruptGraceMs: 500, ...options });
}

async function cell(service: NotebookService, id: string): Promise<Cell> {
  return (await service.getNotebook()).cells.find((c) => c.id === id)!;
}

/** Waits (up to 10 s on a busy machine) for something written in the background. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10000; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`not within 10 s: ${what}`);
  }
}

function plain(c: Cell): string {
  return c.outputs.map((o) => (o.output_type === "stream" ? o.text : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : String(o.data["text/plain"]))).join("");
}

test("run all: outputs, execution counts like Jupyter, names and freshness; edits outdate readers", async () => {
  const { service, ids, events } = await serviceWith(["const blockSize = 128;", 'console.log("size", blockSize);\nblockSize * 2', "const unrelated = 1;"]);
  await service.runAll();
  const [a, b, c] = await Promise.all(ids.map((id) => cell(service, id)));
  assert.deepEqual([a.executionCount, b.executionCount, c.executionCount], [1, 2, 3]);
  assert.equal(plain(b), "size 128\n256");
  assert.deepEqual(b.outputs.map((o) => o.output_type), ["stream", "execute_result"]);
  assert.equal((b.outputs[1] as { execution_count: number }).execution_count, 2);
  assert.deepEqual(b.state.reads, ["blockSize"]);
  assert.deepEqual([a.state.phase, b.state.phase, c.state.phase], ["done", "done", "done"]);
  assert.ok([a, b, c].every((x) => x.state.freshness.kind === "current" && x.state.durationMs !== null));
  assert.ok(events.some((e) => e.type === "output" && e.cellId === ids[1] && e.output.output_type === "stream"));

  await service.editCell(ids[0], "const blockSize = 64;");
  assert.deepEqual((await cell(service, ids[1])).state.freshness, { kind: "outdated", reason: "reads blockSize, changed in cell 1" });
  assert.equal((await cell(service, ids[2])).state.freshness.kind, "current");
  await service.runCell(ids[1]);
  assert.equal((await cell(service, ids[1])).executionCount, 4);
  assert.match(plain(await cell(service, ids[1])), /size 128/, "the edit has not run yet: the kernel still has 128");
});

test("a cell printing in a tight loop keeps every line but sends the window few events", async () => {
  const { service, ids, events } = await serviceWith(["for (let i = 0; i < 20000; i++) console.log(i);"]);
  await service.runAll();
  const text = plain(await cell(service, ids[0]));
  assert.equal(text.split("\n").length, 20001);
  const streamed = events.filter((e) => e.type === "output" && e.cellId === ids[0]);
  assert.ok(streamed.length < 200, `${streamed.length} events`);
  assert.equal(streamed.map((e) => (e.type === "output" && e.output.output_type === "stream" ? e.output.text : "")).join(""), text);
});

test("an error stops run all; the cells after it are not run; the kernel keeps its state", async () => {
  const { service, ids } = await serviceWith(["const a = 1;", "const b = (;", "const c = a;"]);
  await service.runAll();
  const [, bad, later] = await Promise.all(ids.map((id) => cell(service, id)));
  assert.equal(bad.state.phase, "error");
  assert.match(plain(bad), /SyntaxError: .*cell 2, line 1/);
  assert.deepEqual([later.state.phase, later.executionCount], ["idle", null]);
  await service.editCell(ids[1], "const b = a + 1;");
  await service.runFrom(ids[1]);
  assert.deepEqual((await service.variables()).map((v) => v.name), ["a", "b", "c"]);
});

test("interrupt of `while (true) {}` restarts the kernel after the grace; the next cell runs", async () => {
  const { service, ids, events } = await serviceWith(["const kept = 1;", 'console.log("spinning");\nwhile (true) {}', "typeof kept"]);
  await service.runCell(ids[0]);
  const running = service.runCell(ids[1]);
  // Printed by the kernel: the loop has started (an interrupt before that would just cancel the cell).
  await nextEvent(service, (e) => e.type === "output" && e.cellId === ids[1]);
  const t0 = Date.now();
  // Clicked twice: one restart.
  await Promise.all([service.interrupt(), service.interrupt()]);
  await running;
  assert.equal(events.filter((e) => e.type === "kernel" && e.status === "restarting").length, 1);
  const waited = Date.now() - t0;
  assert.ok(waited >= 450, `waited for the cooperative grace first (${waited} ms)`);
  const kernelEvent = events.find((e) => e.type === "kernel" && e.interrupt !== undefined);
  assert.deepEqual(kernelEvent && kernelEvent.type === "kernel" ? [kernelEvent.status, kernelEvent.interrupt] : null, ["idle", "restarted"]);
  assert.match(kernelEvent?.type === "kernel" ? kernelEvent.message ?? "" : "", /did not stop the cell within 0.5 s; the kernel was restarted/);
  const stuck = await cell(service, ids[1]);
  assert.equal(stuck.state.phase, "interrupted");
  assert.match(plain(stuck), /KernelRestarted/);
  assert.ok((await service.getNotebook()).cells.every((c) => c.state.freshness.kind === "not-run"));
  await service.runCell(ids[2]);
  const next = await cell(service, ids[2]);
  assert.deepEqual([next.state.phase, plain(next), next.executionCount], ["done", "undefined", 1]);
});

test("interrupt before a cell reaches the kernel cancels it instead of running it", async () => {
  const { service, events } = await serviceWith([]);
  const id = await service.addCell(0, "code", "while (true) {}");
  const running = service.runCell(id);
  await service.interrupt();
  await running;
  const c = await cell(service, id);
  assert.deepEqual([c.state.phase, c.executionCount, c.outputs], ["idle", null, []]);
  const interrupts = events.flatMap((e) => (e.type === "kernel" && e.interrupt ? [e.interrupt] : []));
  assert.deepEqual(interrupts, ["cooperative"], "no restart was needed");
});

test("cooperative interrupt stops an engine loop and keeps the kernel", async () => {
  const { service, ids, events } = await serviceWith(['import { throwIfAborted } from "mlm-notebook";\nlet n = 0;\nconsole.log("looping");\nwhile (true) { throwIfAborted(); n++; await new Promise((r) => setTimeout(r, 5)); }', "n > 0"]);
  const running = service.runCell(ids[0]);
  await nextEvent(service, (e) => e.type === "output" && e.cellId === ids[0]);
  await new Promise((r) => setTimeout(r, 100));
  await service.interrupt();
  await running;
  assert.ok(events.some((e) => e.type === "kernel" && e.interrupt === "cooperative"));
  assert.equal((await cell(service, ids[0])).state.phase, "interrupted");
  await service.runCell(ids[1]);
  assert.equal(plain(await cell(service, ids[1])), "true");
});

test("restart clears state and marks every cell not-run; a crashed kernel is replaced", async () => {
  const { service, ids, events } = await serviceWith(["const x = 5;", "x", "process.exit(3)"]);
  await service.runAll();
  await service.restartKernel();
  assert.ok((await service.getNotebook()).cells.every((c) => c.state.freshness.kind === "not-run"));
  await service.runCell(ids[1]);
  assert.match(plain(await cell(service, ids[1])), /ReferenceError: x is not defined/);
  await service.runCell(ids[2]);
  assert.ok(events.some((e) => e.type === "kernel" && e.status === "dead" && /exit code 3/.test(e.message ?? "")));
  assert.match(plain(await cell(service, ids[2])), /KernelDied/);
  await service.runCell(ids[0]);
  assert.equal((await cell(service, ids[0])).state.phase, "done");
});

test("save, open and autosave keep cells and outputs; an untitled notebook is recovered after a crash", async () => {
  const dir = tempDir("save");
  const data = join(dir, "data");
  const { service, ids } = await serviceWith(['console.log("saved output")'], { userDataDir: data, notebooksDir: dir, autosaveDelayMs: 50 });
  await service.runAll();
  const recovery = join(data, "recovery", "untitled.ipynb");
  const recoveredOutputs = () => (JSON.parse(readFileSync(recovery, "utf8")) as { cells: { outputs: unknown[] }[] }).cells[0].outputs;
  await eventually(() => existsSync(recovery) && JSON.stringify(recoveredOutputs()).includes("saved output\\n"), "autosave wrote the untitled notebook, with its output, to the recovery file");
  const recovered = await NotebookService.start({ userDataDir: data, notebooksDir: dir, autosave: false });
  open.push(recovered);
  const told = await nextEvent(recovered, (e) => e.type === "notice");
  assert.match(told.type === "notice" ? told.message : "", /Recovered the untitled notebook/, "the first listener hears it");
  assert.equal(plain((await recovered.getNotebook()).cells[0]), "saved output\n");

  const saved = await service.saveNotebook();
  assert.equal(saved?.path, join(dir, "Untitled.ipynb"));
  assert.equal(existsSync(recovery), false, "saving removes the recovery file");
  const reopened = await recovered.openNotebook();
  assert.equal(reopened?.path, join(dir, "Untitled.ipynb"), "web mode's open without a path reopens the newest file");
  assert.deepEqual(reopened?.cells.map((c) => [c.id, c.source, plain(c), c.executionCount]), [[ids[0], 'console.log("saved output")', "saved output\n", 1]]);

  await service.editCell(ids[0], "1 + 1");
  await eventually(() => /1 \+ 1/.test(readFileSync(join(dir, "Untitled.ipynb"), "utf8")), "autosave writes a saved notebook to its path");
  await assert.rejects(service.openNotebook(join(dir, "missing.ipynb")), /Cannot open .*missing\.ipynb: no such file/);
  writeFileSync(join(dir, "bad.ipynb"), "{");
  await assert.rejects(service.openNotebook(join(dir, "bad.ipynb")), /not a valid \.ipynb file/);
});

test("templates, .ipynb export, and a clear message for a template that is not there", async () => {
  const { service } = await serviceWith([]);
  const templates = await service.listTemplates();
  assert.deepEqual(templates.map((t) => t.id).sort(), ["blank", "hub", "offline"]);
  const doc = await service.newNotebook("offline");
  assert.ok(doc.cells.length > 2 && doc.path === null);
  const ipynb = await service.exportNotebook("ipynb");
  assert.equal(JSON.parse(ipynb!).metadata.kernelspec.name, "mlm-notebook-ts");
  await assert.rejects(service.newNotebook("missing" as TemplateId), /no "missing" notebook template/);
});

test("the offline template runs end to end (cut short: fewer rows, 3 steps)", async () => {
  const { service } = await serviceWith([]);
  const doc = await service.newNotebook("offline");
  // Edited as a person would, so the whole tutorial runs in seconds: the real sizes are e2e's.
  for (const c of doc.cells) {
    const cut = c.source.replace(/train\[:\d+\]/, "train[:40]").replace("numTrainEpochs: 3,", "numTrainEpochs: 3,\n  maxSteps: 3,");
    if (cut !== c.source) await service.editCell(c.id, cut);
  }
  await service.runAll();
  const cells = (await service.getNotebook()).cells.filter((c) => c.type === "code");
  assert.deepEqual(cells.map((c) => c.state.phase), cells.map(() => "done"), cells.map(plain).join("\n"));
  assert.match(cells.map(plain).join("\n"), /Perplexity: \d+\.\d\d/);
});

test("Hub login goes through the engine against a Hub stand-in and never returns the token", async () => {
  const hub: HubStandIn = await startHubStandIn();
  const home = tempDir("hf");
  const saved = { HF_HOME: process.env.HF_HOME, HF_TOKEN: process.env.HF_TOKEN };
  process.env.HF_HOME = home;
  delete process.env.HF_TOKEN;
  try {
    const { service } = await serviceWith([]);
    const bad = await service.login("hf_wrong_token_000000", hub.url);
    assert.equal(bad.ok, false);
    assert.ok(bad.message && bad.message.length > 10);
    const ok = await service.login(hub.token, hub.url);
    assert.deepEqual([ok.ok, ok.name, ok.orgs, ok.masked], [true, "tester", ["stand-in-org"], `hf_…${hub.token.slice(-4)}`]);
    assert.ok(!JSON.stringify(ok).includes(hub.token));
    const status = await service.loginStatus();
    assert.deepEqual([status.ok, status.name, status.masked], [true, "tester", ok.masked]);
    await service.logout();
    assert.equal((await service.loginStatus()).ok, false);
  } finally {
    await hub.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test("a kernel that cannot start fails the cell with a message naming the fix", async () => {
  const dir = tempDir("nokernel");
  const service = new NotebookService({ userDataDir: join(dir, "data"), notebooksDir: dir, autosave: false, kernelEntry: join(dir, "out/kernel/index.js") }, undefined);
  open.push(service);
  const notices: string[] = [];
  service.onEvent((e) => e.type === "notice" && notices.push(e.message));
  const id = (await service.getNotebook()).cells[0].id;
  await service.runCell(id);
  assert.equal((await cell(service, id)).state.phase, "error");
  assert.match(notices.join("\n"), /Could not run the cell: The kernel is not built \(.*out\/kernel\/index\.js is missing\)\. Run `npm run build`/);
});

test("a kernel that dies while starting is not restarted in a loop", async () => {
  const dir = tempDir("badkernel");
  const entry = join(dir, "kernel.mjs");
  writeFileSync(entry, "process.exit(7);\n");
  const service = new NotebookService({ userDataDir: join(dir, "data"), notebooksDir: dir, autosave: false, kernelEntry: entry });
  open.push(service);
  const events: NotebookEvent[] = [];
  service.onEvent((e) => events.push(e));
  const id = (await service.getNotebook()).cells[0].id;
  await service.runCell(id);
  await new Promise((r) => setTimeout(r, 300));
  const starts = events.filter((e) => e.type === "kernel" && e.status === "starting").length;
  assert.equal(starts, 1);
  const dead = events.find((e) => e.type === "kernel" && e.status === "dead");
  assert.match(dead?.type === "kernel" ? dead.message ?? "" : "", /could not start \(exit code 7\)/);
  assert.equal((await cell(service, id)).state.phase, "error");
});

test("pages of a kernel value are bounded and checked", async () => {
  const { service, ids } = await serviceWith([`const REPR = Symbol.for("mlm-notebook.reprMimeBundle");
const PAGE = Symbol.for("mlm-notebook.fetchPage");
({
  [REPR]: (ref: string) => ({ "application/json": { ref } }),
  [PAGE]: (_v: string | undefined, offset: number, limit: number) => ({ offset, total: 5000, columns: ["i"], rows: Array.from({ length: Math.max(0, Math.min(limit, 5000 - offset)) }, (_, k) => [offset + k]) }),
})`]);
  await service.runAll();
  const result = (await cell(service, ids[0])).outputs.find((o) => o.output_type === "execute_result");
  assert.ok(result?.output_type === "execute_result");
  const ref = (result.data["application/json"] as { ref: string }).ref;
  const page = await service.fetchPage({ ref }, 10, 100000);
  assert.deepEqual([page.rows.length, page.rows[0], page.total], [1000, [10], 5000]);
  await assert.rejects(service.fetchPage({ ref }, -1, 5), /whole offset and limit/);
  await service.restartKernel();
  await assert.rejects(service.fetchPage({ ref }, 0, 5), /no longer in the kernel \(it restarted\); run its cell again/);
});
