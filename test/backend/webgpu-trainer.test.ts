// The product path on webgpu: the Trainer trains the tiny parity model (loss falls), and when
// the GPU device is lost mid-training, trainer.train() ends with the device-lost message naming
// the wasm backend, which then trains the same model on.
import type { WebGPUBackend } from "@tensorflow/tfjs-backend-webgpu";
import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setBackend } from "../../src/engine/backend/index";
import "../../src/engine/backend/webgpu-candidate";
import { adapterLabel, releaseWebGpu, WebGpuError } from "../../src/engine/backend/webgpu";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { TrainingArguments } from "../../src/engine/training/arguments";
import type { Row, RowSource, TrainableModel } from "../../src/engine/training/contracts";
import { TrainingOutOfMemoryError } from "../../src/engine/training/errors";
import { Trainer } from "../../src/engine/training/trainer";
import { trainingBundle } from "../../src/engine/training/view";
import { webGpuSkipReason } from "./webgpu-support";

const skip = await webGpuSkipReason();
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
const fixture = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as Record<"input_ids" | "attention_mask" | "labels", number[][]>;
const rows: Row[] = fixture.input_ids.map((ids, i) => ({ input_ids: ids, attention_mask: fixture.attention_mask[i], labels: fixture.labels[i] }));
const dataset: RowSource = { numRows: rows.length, row: (i) => rows[i] };

/** The model as the Trainer takes it. (Its forward types input_ids as Tensor2D, the Trainer's Batch as Tensor: a cast until the two agree.) */
const loadModel = async (): Promise<TrainableModel> => (await AutoModelForMaskedLM.fromPretrained(FIXTURE)) as unknown as TrainableModel;

test("the Trainer trains on webgpu; a GPU out-of-memory or a device lost mid-run ends it with a clear error", { skip, timeout: 300_000 }, async () => {
  process.env.MLM_NOTEBOOK_WASM_THREADS = "1";
  const outputDir = await mkdtemp(join(tmpdir(), "webgpu-trainer-"));
  try {
    await setBackend("webgpu");
    const model = await loadModel();
    const args = (epochs: number): TrainingArguments =>
      new TrainingArguments({ outputDir, perDeviceTrainBatchSize: 3, learningRate: 1e-2, numTrainEpochs: epochs, loggingSteps: 1, saveStrategy: "no" });

    const losses: number[] = [];
    const trainer = new Trainer({ model, args: args(8), trainDataset: dataset });
    trainer.callbacks.push({ onStepEnd: (e) => losses.push(e.loss) });
    await trainer.train();
    assert.equal(losses.length, 8);
    assert.ok(losses[7] < losses[0], `the loss falls on webgpu: ${losses.map((l) => l.toFixed(3)).join(", ")}`);
    // The training view names the backend and the adapter, in its data and its text/plain line.
    const view = trainer.view();
    assert.equal(view.backend.backend, "webgpu");
    assert.ok(view.adapter, "the view carries the webgpu adapter");
    assert.match(String(trainingBundle(view)["text/plain"]), new RegExp(`\\non webgpu: ${escapeRegExp(adapterLabel(view.adapter!))}`));

    // The GPU runs out of memory two steps into a run: the Trainer's out-of-memory error, with the GPU's advice.
    const { GPUOutOfMemoryError, GPUUncapturedErrorEvent } = globalThis as unknown as {
      GPUOutOfMemoryError: new (message: string) => GPUError;
      GPUUncapturedErrorEvent: new (type: string, init: { error: GPUError }) => Event;
    };
    let oomSteps = 0;
    const starved = new Trainer({ model, args: args(8), trainDataset: dataset });
    starved.callbacks.push({
      onStepEnd: () => {
        if (++oomSteps === 2) (tf.backend() as WebGPUBackend).device.dispatchEvent(new GPUUncapturedErrorEvent("uncapturederror", { error: new GPUOutOfMemoryError("Allocation failed") }));
      },
    });
    await assert.rejects(starved.train(), (e) => {
      assert.ok(e instanceof TrainingOutOfMemoryError, `unexpected error: ${String(e)}`);
      assert.match(e.message, /ran out of memory at step 3.*Lower perDeviceTrainBatchSize.*GPU ran out of memory.*setBackend\("wasm"\)/s);
      return true;
    });

    // A driver reset two steps into the next run.
    let steps = 0;
    const doomed = new Trainer({ model, args: args(8), trainDataset: dataset });
    doomed.callbacks.push({ onStepEnd: () => { if (++steps === 2) (tf.backend() as WebGPUBackend).device.destroy(); } });
    await assert.rejects(doomed.train(), (e) => {
      const text = `${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? "")}`;
      assert.ok(e instanceof WebGpuError || /GPU device was lost/.test(text), `unexpected error: ${String(e)}`);
      assert.match(text, /GPU device was lost/);
      assert.match(text, /setBackend\("wasm"\)/);
      return true;
    });
    assert.equal(steps, 2, "the run ended at the step after the loss");
    releaseWebGpu();

    // The app stays up: the same notebook goes on on wasm with a freshly loaded model.
    await setBackend("wasm");
    const again = await loadModel();
    const onWasm: number[] = [];
    const resumed = new Trainer({ model: again, args: args(1), trainDataset: dataset });
    resumed.callbacks.push({ onStepEnd: (e) => onWasm.push(e.loss) });
    await resumed.train();
    assert.equal(onWasm.length, 1);
    assert.ok(Number.isFinite(onWasm[0]));
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
});
