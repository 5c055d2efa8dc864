import assert from "node:assert/strict";
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Output } from "../../src/api/index";
import { KernelProcess, type DoneMessage } from "../../src/service/kernel-process";
import { forkLauncher, KERNEL_MALLOC_ENV, KERNEL_NODE_FLAGS } from "../../src/service/launcher";
import { ensureBuilt, ROOT, tempDir } from "../service/support";

let kernel: KernelProcess;
const outputs = new Map<number, Output[]>();
let execId = 0;

before(async () => {
  ensureBuilt();
  kernel = new KernelProcess(forkLauncher, join(ROOT, "out/kernel/index.js"), { cwd: tempDir("kernel") }, {
    onOutput: (id, _cell, output) => {
      if (id !== null) outputs.set(id, [...(outputs.get(id) ?? []), output]);
    },
    onUnexpectedExit: (code) => assert.fail(`kernel exited (${code})`),
  });
  await kernel.ready;
});
after(() => kernel.kill());

async function run(source: string): Promise<{ done: DoneMessage; outputs: Output[] }> {
  const id = ++execId;
  const done = await kernel.execute(id, `c${id}`, source, `cell ${id}`);
  return { done, outputs: outputs.get(id) ?? [] };
}

function text(outputs: Output[]): string {
  return outputs.map((o) => (o.output_type === "stream" ? o.text : o.output_type === "error" ? o.traceback.join("\n") : String(o.data["text/plain"]))).join("");
}

test("names a cell defines are visible to later cells, and re-definable", async () => {
  const a = await run("const blockSize: number = 128;\nlet [x, { y }] = [1, { y: 2 }];\nfunction twice(n: number) { return 2 * n }\nclass Box { v = twice(blockSize) }");
  assert.equal(a.done.status, "ok");
  assert.deepEqual(a.done.defines.sort(), ["Box", "blockSize", "twice", "x", "y"]);
  const b = await run("new Box().v + x + y");
  assert.deepEqual(b.done.reads.sort(), ["Box", "x", "y"]);
  assert.equal(text(b.outputs), "259");
  assert.equal(text((await run("({ a: 1, b: [2] })")).outputs), "{ a: 1, b: [ 2 ] }", "a parenthesized last expression is the value");
  await run("const blockSize = 64;");
  assert.equal(text((await run("blockSize")).outputs), "64");
});

test("assigning without declaring updates the shared scope, not a global", async () => {
  await run("let counter = 1;");
  const r = await run("counter += 1;\nassigned = counter * 10;");
  assert.deepEqual(r.done.defines.sort(), ["assigned", "counter"]);
  assert.equal(text((await run("[counter, assigned, 'assigned' in globalThis]")).outputs), "[ 2, 20, false ]");
  assert.equal((await kernel.variables()).find((v) => v.name === "assigned")?.cellId, `c${r.done.execId}`);
});

test("top-level await, and console output streams as it is printed", async () => {
  const r = await run('console.log("before");\nawait new Promise((r) => setTimeout(r, 20));\nconsole.error("after");\nprocess.stdout.write("raw\\n");\n"done"');
  assert.equal(r.done.status, "ok");
  assert.deepEqual(r.outputs.map((o) => o.output_type === "stream" ? `${o.name}:${o.text}` : o.output_type), ["stdout:before\n", "stderr:after\n", "stdout:raw\n", "execute_result"]);
});

test("a syntax error names the cell line, and the kernel keeps running", async () => {
  const r = await run("const ok = 1;\n\nconst broken = (;\n");
  assert.equal(r.done.status, "error");
  const err = r.outputs.find((o) => o.output_type === "error");
  assert.ok(err && err.output_type === "error");
  assert.equal(err.ename, "SyntaxError");
  assert.match(err.traceback.join("\n"), /cell \d+, line 3, column 17/);
  assert.match(err.traceback.join("\n"), /3 \| const broken = \(;/);
  assert.equal((await run("1 + 1")).done.status, "ok");
});

test("a runtime throw names the cell line (types stripped, imports rewritten, lines kept)", async () => {
  const r = await run('import { inspect } from "node:util";\ninterface P {\n  n: number;\n}\nconst p: P = { n: 1 };\nfunction fail(q: P): never {\n  throw new RangeError(`bad ${q.n}`);\n}\nfail(p);\n');
  assert.equal(r.done.status, "error");
  const err = r.outputs.find((o) => o.output_type === "error");
  assert.ok(err && err.output_type === "error");
  assert.equal(err.ename, "RangeError");
  assert.equal(err.evalue.startsWith("bad 1"), true);
  assert.match(err.traceback[1], /line 7, column 9/);
  assert.match(err.traceback.join("\n"), /fail \(cell \d+:7:9\)/);
  assert.match(err.traceback.join("\n"), /cell \d+:9:1/);
  assert.equal(text((await run("typeof inspect")).outputs), "function");
});

test("imports: the engine as mlm-notebook, packages from node_modules", async () => {
  const r = await run('import * as engine from "mlm-notebook";\nimport { WebSocket } from "ws";\n[typeof engine.startProgress, typeof WebSocket]');
  assert.equal(r.done.status, "ok", text(r.outputs));
  assert.equal(text(r.outputs), "[ 'function', 'function' ]");
});

test("engine progress becomes a display updated in place, and display() shows values", async () => {
  const r = await run('import { startProgress, display } from "mlm-notebook";\nconst p = startProgress("steps", 3, "step", 0);\nfor (let i = 0; i < 3; i++) p.advance();\np.finish();\ndisplay({ "text/html": "<b>hi</b>" });');
  const progress = r.outputs.filter((o) => o.output_type === "display_data" && "application/vnd.mlm-notebook.progress+json" in o.data);
  assert.ok(progress.length >= 2);
  const ids = new Set(progress.map((o) => (o.output_type === "display_data" ? o.display_id : "")));
  assert.equal(ids.size, 1);
  const last = progress.at(-1)!;
  assert.ok(last.output_type === "display_data");
  assert.deepEqual([(last.data["application/vnd.mlm-notebook.progress+json"] as { done: number }).done, (last.data["application/vnd.mlm-notebook.progress+json"] as { finished: boolean }).finished], [3, true]);
  assert.match(String(last.data["text/plain"]), /steps: \[#+\] 3\/3 step/);
  assert.ok(r.outputs.some((o) => o.output_type === "display_data" && o.data["text/html"] === "<b>hi</b>"));
});

test("a value with its own view is kept by reference and paged", async () => {
  const r = await run(`const REPR = Symbol.for("mlm-notebook.reprMimeBundle");
const PAGE = Symbol.for("mlm-notebook.fetchPage");
const table = {
  rows: Array.from({ length: 10 }, (_, i) => [i, i * i]),
  [REPR](ref: string) { return { "application/vnd.mlm-notebook.dataset+json": { ref: { ref }, numRows: 10 }, "text/plain": "table" }; },
  [PAGE](_view: string | undefined, offset: number, limit: number) { return { offset, total: 10, columns: ["n", "sq"], rows: this.rows.slice(offset, offset + limit) }; },
};
table`);
  const result = r.outputs.find((o) => o.output_type === "execute_result");
  assert.ok(result && result.output_type === "execute_result");
  const ref = (result.data["application/vnd.mlm-notebook.dataset+json"] as { ref: { ref: string } }).ref.ref;
  const page = await kernel.fetchPage(ref, undefined, 4, 3);
  assert.deepEqual(page, { offset: 4, total: 10, columns: ["n", "sq"], rows: [[4, 16], [5, 25], [6, 36]] });
  await assert.rejects(kernel.fetchPage("v999", undefined, 0, 1), /no longer in the kernel/);
  const vars = await kernel.variables();
  const t = vars.find((v) => v.name === "table");
  assert.equal(t?.cellId, `c${execId}`);
  assert.equal(vars.find((v) => v.name === "blockSize")?.type, "number");
});

test("cooperative interrupt: a loop calling throwIfAborted stops, variables stay", async () => {
  const id = execId + 1;
  const running = run('import { throwIfAborted } from "mlm-notebook";\nlet spins = 0;\nconsole.log("looping");\nfor (;;) {\n  throwIfAborted();\n  spins++;\n  await new Promise((r) => setTimeout(r, 5));\n}');
  // Interrupt once the loop runs (the engine import before it can take a while on a busy machine).
  while (!outputs.get(id)?.length) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  kernel.interrupt(id);
  const r = await running;
  assert.equal(r.done.status, "interrupted");
  assert.equal(r.done.execId, id);
  const err = r.outputs.find((o) => o.output_type === "error");
  assert.ok(err && err.output_type === "error" && err.ename === "InterruptedError");
  const spins = Number(text((await run("spins")).outputs));
  assert.ok(spins > 0, `spins = ${spins}`);
});

test("an interrupt for an execution still queued in the kernel stops it before it starts", async () => {
  const first = run("await new Promise((r) => setTimeout(r, 200));\n'first'");
  const stuckId = execId + 1;
  const stuck = run("while (true) {}");
  kernel.interrupt(stuckId);
  assert.equal((await first).done.status, "ok");
  const r = await stuck;
  assert.equal(r.done.status, "interrupted");
  assert.match(text(r.outputs), /Interrupted before the cell started/);
  assert.equal(text((await run("'still alive'")).outputs), "still alive");
});

test("engine integration: a map function's captured cell names reach its workers; a Dataset shows by reference", async () => {
  await run('import { Dataset } from "mlm-notebook";\nconst factor = 3;');
  await run("function scale(batch: { n: number[] }) {\n  return { scaled: batch.n.map((x) => x * factor) };\n}");
  const r = await run("const ds = await Dataset.fromDict({ n: Array.from({ length: 40 }, (_, i) => i) }).map(scale, { batched: true, batchSize: 10, numProc: 2 });\nds");
  assert.equal(r.done.status, "ok", text(r.outputs));
  assert.doesNotMatch(text(r.outputs), /numProc 1|cannot be rebuilt/, "ran in workers, no fallback");
  const result = r.outputs.find((o) => o.output_type === "execute_result");
  assert.ok(result && result.output_type === "execute_result");
  const payload = result.data["application/vnd.mlm-notebook.dataset+json"] as { ref: string; splits: { numRows: number }[] };
  assert.equal(payload.splits[0].numRows, 40);
  const page = await kernel.fetchPage(payload.ref, undefined, 38, 5);
  assert.deepEqual([page.total, page.columns, page.rows], [40, ["n", "scaled"], [[38, 114], [39, 117]]]);
});

test("a kernel whose service disappears exits instead of lingering", async () => {
  // A stand-in service: starts a kernel, reports its pid, then is killed without cleaning up.
  const dir = tempDir("orphan");
  const parentScript = join(dir, "parent.mjs");
  writeFileSync(parentScript, `import { fork } from "node:child_process";
const k = fork(${JSON.stringify(join(ROOT, "out/kernel/index.js"))}, [], { execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] });
k.on("message", (m) => {
  // A timer left running by a cell keeps an orphan alive unless the kernel notices its service is gone.
  if (m.type === "ready") k.send({ type: "execute", execId: 1, cellId: "c", source: "setInterval(() => {}, 1000);", label: "cell 1" });
  if (m.type === "done") process.send(k.pid);
});
`);
  const parent = fork(parentScript, [], { execArgv: [] });
  const kernelPid = await new Promise<number>((resolve, reject) => {
    parent.once("message", (pid) => resolve(pid as number));
    parent.once("exit", (code) => reject(new Error(`stand-in exited ${code}`)));
  });
  parent.kill("SIGKILL");
  const alive = () => {
    try {
      process.kill(kernelPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const deadline = Date.now() + 10000; alive() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  assert.equal(alive(), false, `kernel ${kernelPid} still running`);
});

test("the kernel runs with the project's Node flags (single-threaded GC: it leaves the cores to native products)", async () => {
  assert.equal(text((await run("process.execArgv.join(' ')")).outputs), KERNEL_NODE_FLAGS.join(" "));
  assert.ok(KERNEL_NODE_FLAGS.includes("--single-threaded-gc"));
});

test("the kernel runs with the project's malloc settings (the native outputs' copies stay off fresh pages)", async () => {
  const names = Object.keys(KERNEL_MALLOC_ENV);
  assert.deepEqual(names.sort(), ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"]);
  const seen = text((await run(`${JSON.stringify(names)}.map((n) => process.env[n]).join(" ")`)).outputs);
  assert.equal(seen, names.map((n) => KERNEL_MALLOC_ENV[n]).join(" "));
});
