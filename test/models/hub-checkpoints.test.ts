// Model repos of the shapes the Hub has, by Hub id through the stand-in: only pytorch_model.bin,
// sharded safetensors with model.safetensors.index.json, sharded pytorch_model.bin; each loads online and again with the
// network cut, from the cache alone (files the Hub said are absent remembered in .no_exist/).
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ready } from "../../src/engine/backend/index";
import { HubOfflineError } from "../../src/engine/hub/index";
import { AutoModelForMaskedLM, readSafetensors, serializeSafetensors } from "../../src/engine/models/index";
import type { SafetensorsEntry } from "../../src/engine/models/safetensors";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { tempDir } from "../datasets/fixtures";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";
const FIXTURE = join(import.meta.dirname, "../fixtures/pytorch-bin");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURE, name)));
const batch = { input_ids: [[0, 5, 9, 2, 1]], attention_mask: [[1, 1, 1, 1, 0]] };
let hub: HubStandIn;
let cache: ReturnType<typeof tempDir>;
let reference: number[][][];

/** model.safetensors cut in two shards with the index save_pretrained writes. */
async function shards(): Promise<Record<string, Uint8Array | string>> {
  const tensors = [...(await readSafetensors(join(FIXTURE, "model.safetensors"))).tensors];
  const half = Math.ceil(tensors.length / 2);
  const names = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];
  const part = (entries: [string, SafetensorsEntry][]) =>
    serializeSafetensors(new Map(entries.map(([k, v]) => [k, { dtype: "F32" as const, shape: v.shape, data: new Float32Array(new Uint8Array(v.bytes).buffer) }])), { format: "pt" });
  const weightMap = Object.fromEntries(tensors.map(([k], i) => [k, names[i < half ? 0 : 1]]));
  return {
    [names[0]]: part(tensors.slice(0, half)),
    [names[1]]: part(tensors.slice(half)),
    "model.safetensors.index.json": JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
  };
}

function logitsOf(model: Awaited<ReturnType<typeof AutoModelForMaskedLM.fromPretrained>>): number[][][] {
  const logits = model.forward(batch).logits!;
  const values = logits.arraySync() as number[][][];
  logits.dispose();
  return values;
}

before(async () => {
  await ready();
  cache = tempDir("hub-models-");
  hub = await startHubStandIn();
  const common = { ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", "README.md": "# a model", "config.json": fixture("config.json") };
  hub.addRepo({ type: "model", id: "community/bin-only", files: { ...common, "pytorch_model.bin": fixture("pytorch_model.bin") } });
  hub.addRepo({ type: "model", id: "acme/sharded", files: { ...common, ...(await shards()) } });
  const binShards = ["pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"];
  hub.addRepo({ type: "model", id: "community/sharded-bin", files: { ...common, ...Object.fromEntries(binShards.map((f) => [f, fixture(`sharded/${f}`)])) } });
  reference = logitsOf(await AutoModelForMaskedLM.fromPretrained(FIXTURE));
});
after(async () => {
  await hub.close();
  cache.remove();
});

const opts = () => ({ hubUrl: hub.url, cacheDir: cache.path });

/** Loads online, then with the Hub unreachable and with HF_HUB_OFFLINE=1: the same logits each time, no file transferred again. */
async function loadsOnlineAndOffline(repo: string, weightsFile: string): Promise<void> {
  const online = await AutoModelForMaskedLM.fromPretrained(repo, opts());
  assert.equal(online.weightsFile, weightsFile);
  assert.deepEqual(logitsOf(online), reference);
  const transfers = hub.contentRequests().length;
  for (const [cut, restore] of [[() => hub.setOffline(true), () => hub.setOffline(false)], [() => (process.env.HF_HUB_OFFLINE = "1"), () => delete process.env.HF_HUB_OFFLINE]] as const) {
    cut();
    try {
      const offline = await AutoModelForMaskedLM.fromPretrained(repo, opts());
      assert.equal(offline.weightsFile, weightsFile);
      assert.deepEqual(logitsOf(offline), reference);
    } finally {
      restore();
    }
  }
  assert.equal(hub.contentRequests().length, transfers);
}

test("a repo with only pytorch_model.bin loads by Hub id, online and offline", async () => {
  await loadsOnlineAndOffline("community/bin-only", "pytorch_model.bin");
  const storage = join(cache.path, "models--community--bin-only");
  const commit = readFileSync(join(storage, "refs", "main"), "utf8");
  for (const absent of ["model.safetensors", "model.safetensors.index.json"]) {
    assert.ok(existsSync(join(storage, ".no_exist", commit, absent)), `${absent} is remembered as absent`);
  }
});

test("a sharded safetensors model (index + shards) loads by Hub id, online and offline", async () => {
  await loadsOnlineAndOffline("acme/sharded", "model.safetensors.index.json");
});

test("a sharded PyTorch checkpoint (pytorch_model.bin.index.json + shards) loads by Hub id, online and offline", async () => {
  await loadsOnlineAndOffline("community/sharded-bin", "pytorch_model.bin.index.json");
});

test("offline, a complete snapshot without .no_exist markers (as Python's snapshot_download leaves it) loads too; a repo never cached says offline", async () => {
  rmSync(join(cache.path, "models--acme--sharded", ".no_exist"), { recursive: true, force: true });
  hub.setOffline(true);
  try {
    const model = await AutoModelForMaskedLM.fromPretrained("acme/sharded", opts());
    assert.equal(model.weightsFile, "model.safetensors.index.json");
    assert.deepEqual(logitsOf(model), reference);
    await assert.rejects(AutoModelForMaskedLM.fromPretrained("acme/never-cached", opts()), (e: unknown) => e instanceof HubOfflineError && /acme\/never-cached\/config\.json/.test(e.message));
  } finally {
    hub.setOffline(false);
  }
});
