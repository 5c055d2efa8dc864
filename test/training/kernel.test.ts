// The train cell in the real kernel process (built output): the live training view updates in
// place under one display id, Interrupt stops the run after the step in progress with a
// checkpoint, the Trainer's state stays consistent for the next cell, and a later cell resumes.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Output } from "../../src/api/index";
import { KernelProcess, type DoneMessage } from "../../src/service/kernel-process";
import { forkLauncher } from "../../src/service/launcher";
import { TRAINING_MIME, type TrainingView } from "../../src/engine/training/view";
import { ensureBuilt, ROOT, tempDir } from "../service/support";

let kernel: KernelProcess;
const outputs = new Map<number, Output[]>();
let execId = 0;

before(async () => {
  ensureBuilt();
  kernel = new KernelProcess(forkLauncher, join(ROOT, "out/kernel/index.js"), { cwd: tempDir("train-kernel") }, {
    onOutput: (id, _cell, output) => {
      if (id !== null) outputs.set(id, [...(outputs.get(id) ?? []), output]);
    },
    onUnexpectedExit: (code) => assert.fail(`kernel exited (${code})`),
  });
  await kernel.ready;
});
after(() => kernel.kill());

function run(source: string): { id: number; done: Promise<DoneMessage> } {
  const id = ++execId;
  return { id, done: kernel.execute(id, `c${id}`, source, `cell ${id}`) };
}

function views(id: number): { view: TrainingView; displayId?: string }[] {
  return (outputs.get(id) ?? []).flatMap((o) => (o.output_type === "display_data" && TRAINING_MIME in o.data ? [{ view: o.data[TRAINING_MIME] as TrainingView, displayId: o.display_id }] : []));
}

function text(id: number): string {
  return (outputs.get(id) ?? []).map((o) => (o.output_type === "stream" ? o.text : o.output_type === "error" ? `${o.ename}: ${o.evalue}` : String(o.data["text/plain"] ?? ""))).join("\n");
}

test("a train cell shows a live view, stops on Interrupt after the current step, and a later cell resumes", async () => {
  const setup = run(`
import { RobertaConfig, RobertaForMaskedLM, Trainer, TrainingArguments, ready } from "mlm-notebook";
await ready();
const model = RobertaForMaskedLM.fromConfig(new RobertaConfig({ vocabSize: 120, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 64, maxPositionEmbeddings: 24 }), { seed: 1 });
const rows = Array.from({ length: 64 }, (_, i) => {
  const input_ids = Array.from({ length: 16 }, (_, j) => 3 + ((i * 7 + j * 5) % 110));
  return { input_ids, attention_mask: input_ids.map(() => 1), labels: input_ids.map((t, j) => (j % 3 === 0 ? t : -100)) };
});
const trainDataset = { numRows: rows.length, row: (i: number) => rows[i] };
const args = new TrainingArguments({ outputDir: "out-kernel", maxSteps: 100000, loggingSteps: 1, saveStrategy: "no", perDeviceTrainBatchSize: 4, learningRate: 1e-3, lrSchedulerType: "constant" });
const trainer = new Trainer({ model, args, trainDataset });
"ready"`);
  assert.equal((await setup.done).status, "ok", text(setup.id));

  const training = run("await trainer.train()");
  // Interrupt once the live view has shown a few steps.
  const deadline = Date.now() + 120_000;
  while (!views(training.id).some((v) => v.view.globalStep >= 3)) {
    assert.ok(Date.now() < deadline, "the training view never reached step 3");
    await new Promise((r) => setTimeout(r, 20));
  }
  kernel.interrupt(training.id);
  const done = await training.done;
  assert.equal(done.status, "interrupted", text(training.id));
  const message = text(training.id);
  const m = /InterruptedError: Training interrupted after step (\d+) of 100000\. The state is saved in (\S+checkpoint-\1);/.exec(message);
  assert.ok(m, message);
  const k = Number(m[1]);

  const shown = views(training.id);
  assert.ok(shown.length >= 3, "the view was updated while training");
  assert.equal(new Set(shown.map((v) => v.displayId)).size, 1, "all updates replace one display");
  assert.equal(shown.at(-1)!.view.status, "interrupted");
  assert.equal(shown.at(-1)!.view.globalStep, k);

  // The state the next cell sees is the one of step k, and the log history has one entry per step.
  const state = run("[trainer.state.globalStep, trainer.state.logHistory.length, trainer.state.logHistory.at(-1).step].join(',')");
  assert.equal((await state.done).status, "ok");
  assert.match(text(state.id), new RegExp(`${k},${k},${k}`));

  const resumed = run(`
const more = new Trainer({ model, args: new TrainingArguments({ ...args.toDict(), hubToken: null, maxSteps: ${k + 2} }), trainDataset });
const out = await more.train({ resumeFromCheckpoint: true });
[out.global_step, more.state.logHistory.filter((e) => "loss" in e).length].join(",")`);
  assert.equal((await resumed.done).status, "ok", text(resumed.id));
  assert.match(text(resumed.id), new RegExp(`${k + 2},${k + 2}`));
});
