// Checkpoints in the HF layout: savePretrained → fromPretrained bit for bit, loading from a
// (stand-in) Hub repo, and clear messages for damaged or mismatched files. That transformers loads
// what we write: test/reference/transformers-parity.test.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ready } from "../../src/engine/backend/index";
import { AutoModelForMaskedLM, RobertaConfig, RobertaForMaskedLM } from "../../src/engine/models/index";
import { startHubStandIn } from "../hub-stand-in/server";

// One wasm thread: on a shared 2-core machine two pool threads spin against other jobs and slow
// small ops several-fold. test/backend/choose.test.ts covers the two-thread backend.
process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";

const FIXTURE = join(import.meta.dirname, "../fixtures/tiny-roberta");
let work: string;

before(async () => {
  await ready();
  work = mkdtempSync(join(tmpdir(), "model-ckpt-"));
});
after(() => rmSync(work, { recursive: true, force: true }));

const config = new RobertaConfig({ vocabSize: 150, hiddenSize: 16, numHiddenLayers: 2, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 20, typeVocabSize: 1, layerNormEps: 1e-5 });

test("savePretrained → fromPretrained round-trips every parameter bit for bit", async () => {
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 5 });
  const folder = join(work, "saved");
  await model.savePretrained(folder);
  const loaded = await AutoModelForMaskedLM.fromPretrained(folder);
  assert.deepEqual(loaded.loadReport, { unused: [], missing: [] });
  assert.deepEqual([...loaded.namedParameters().keys()], [...model.namedParameters().keys()]);
  for (const [name, v] of model.namedParameters()) {
    const a = new Uint8Array(v.dataSync<"float32">().buffer);
    const b = new Uint8Array(loaded.namedParameters().get(name)!.dataSync<"float32">().buffer);
    assert.deepEqual(b, a, name);
  }
  const json = JSON.parse(readFileSync(join(folder, "config.json"), "utf8")) as Record<string, unknown>;
  assert.equal(json.hidden_size, 16);
  assert.deepEqual(json.architectures, ["RobertaForMaskedLM"]);
  assert.deepEqual(loaded.config.toJSON(), model.config.toJSON());
  // Saving the loaded model again writes the same bytes.
  await loaded.savePretrained(join(work, "again"));
  assert.deepEqual(readFileSync(join(work, "again", "model.safetensors")), readFileSync(join(folder, "model.safetensors")));
  model.dispose();
  loaded.dispose();
});

test("fromPretrained reads a Hub repo through hubFile (a real HTTP stand-in) into the HF cache", async () => {
  const hub = await startHubStandIn();
  try {
    hub.addRepo({ type: "model", id: "acme/tiny-roberta", files: { "config.json": readFileSync(join(FIXTURE, "config.json")), "model.safetensors": readFileSync(join(FIXTURE, "model.safetensors")) } });
    const cacheDir = join(work, "hub-cache");
    const model = await AutoModelForMaskedLM.fromPretrained("acme/tiny-roberta", { hubUrl: hub.url, cacheDir });
    const local = await AutoModelForMaskedLM.fromPretrained(FIXTURE);
    const a = model.namedParameters().get("lm_head.dense.weight")!.dataSync();
    assert.deepEqual(a, local.namedParameters().get("lm_head.dense.weight")!.dataSync());
    model.dispose();
    local.dispose();
    await assert.rejects(AutoModelForMaskedLM.fromPretrained("acme/missing", { hubUrl: hub.url, cacheDir }), /acme\/missing/);
  } finally {
    await hub.close();
  }
});

function damaged(name: string, mutate: (bytes: Buffer) => Buffer): string {
  const folder = join(work, name);
  rmSync(folder, { recursive: true, force: true });
  spawnSync("mkdir", ["-p", folder]);
  copyFileSync(join(FIXTURE, "config.json"), join(folder, "config.json"));
  writeFileSync(join(folder, "model.safetensors"), mutate(readFileSync(join(FIXTURE, "model.safetensors"))));
  return folder;
}

test("a safetensors file cut short names the file and the offset", async () => {
  const folder = damaged("cut", (b) => b.subarray(0, b.length - 1000));
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(folder), (e: Error) => {
    assert.match(e.message, new RegExp(`${join(folder, "model.safetensors").replaceAll("/", "\\/")}: tensor "[^"]+" ends at data byte \\d+ .*cut short \\(at byte offset \\d+\\)`));
    return true;
  });
  const tiny = damaged("tiny", (b) => b.subarray(0, 5));
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(tiny), /model\.safetensors: file is 5 bytes.*\(at byte offset 0\)/);
});

test("a bad header names the file and the offset", async () => {
  const broken = damaged("bad-json", (b) => {
    const c = Buffer.from(b);
    c[8] = "]".charCodeAt(0);
    return c;
  });
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(broken), /bad-json\/model\.safetensors: header is not valid JSON.*\(at byte offset 8\)/);
  const long = damaged("bad-length", (b) => {
    const c = Buffer.from(b);
    c.writeBigUInt64LE(10n ** 12n, 0);
    return c;
  });
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(long), /bad-length\/model\.safetensors: header length 1000000000000 runs past the end.*\(at byte offset 8\)/);
});

test("a tensor whose shape does not fit the config names the tensor and both shapes", async () => {
  const folder = damaged("wrong-config", (b) => b);
  const cfg = JSON.parse(readFileSync(join(folder, "config.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(join(folder, "config.json"), JSON.stringify({ ...cfg, intermediate_size: 48 }));
  await assert.rejects(AutoModelForMaskedLM.fromPretrained(folder), /model\.safetensors: tensor "roberta\.encoder\.layer\.0\.intermediate\.dense\.bias" has shape \[64\] but the config needs \[48\]/);
});

test("input ids outside the vocabulary and over-long sequences are refused with the reason", () => {
  const model = RobertaForMaskedLM.fromConfig(config, { seed: 1 });
  assert.throws(() => model.forward({ input_ids: [[0, 150, 2]] }), /input_ids\[0\]\[1\] is 150, outside the vocabulary \[0, 150\)/);
  const long = [[0, ...new Array(17).fill(5), 2]];
  assert.throws(() => model.forward({ input_ids: long }), /sequence 0 has 19 tokens but this model takes at most 18 \(max_position_embeddings 20 minus 2\)/);
  const fits = model.forward({ input_ids: [[0, ...new Array(16).fill(5), 2]] });
  assert.deepEqual(fits.logits!.shape, [1, 18, 150]);
  tf.dispose(fits.logits!);
  assert.throws(() => model.forward({ input_ids: [[0, 5], [0]] }), /rows differ in length.*pad the batch/);
  assert.throws(() => model.forward({ input_ids: [[0, 5, 2]], labels: [[-100, 151, -100]] }), /labels\[0\]\[1\] is 151/);
  model.dispose();
});
