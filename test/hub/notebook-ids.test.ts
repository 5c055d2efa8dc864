// The Hub notebook's own ids (read from scripts/build-notebooks/cells.ts) against stand-in repos laid
// out as the real ones are: eli5_category is a script repo whose rows come from refs/convert/parquet;
// distilbert/distilroberta-base carries safetensors beside PyTorch, TF, Flax and Rust weights, and
// model.safetensors is what loads. Both load again with the network cut.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { VARIANTS } from "../../scripts/build-notebooks/cells";
import { ready } from "../../src/engine/backend/index";
import { loadDataset } from "../../src/engine/datasets/index";
import { AutoModelForMaskedLM } from "../../src/engine/models/index";
import { AutoTokenizer } from "../../src/engine/tokenizers/index";
import { eli5Parquet, eli5Rows, tempDir } from "../datasets/fixtures";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";

process.env.MLM_NOTEBOOK_WASM_THREADS ??= "1";
const ROOT = join(import.meta.dirname, "../..");
const hubNotebook = VARIANTS.find((v) => v.id === "hub")!;
const datasetId = hubNotebook.dataset;
const tokenizerId = hubNotebook.tokenizer;
const modelId = /fromPretrained\("([^"]+)"\)/.exec(hubNotebook.modelCode)![1];
const read = (dir: string, name: string): Uint8Array => new Uint8Array(readFileSync(join(ROOT, dir, name)));
const rows = eli5Rows(120);
let hub: HubStandIn;
let cache: ReturnType<typeof tempDir>;

before(async () => {
  await ready();
  cache = tempDir("notebook-ids-");
  hub = await startHubStandIn();
  const weights = "test/fixtures/pytorch-bin";
  const tokenizer = "resources/tokenizers/roberta-base-tokenizer";
  hub.addRepo({
    type: "model",
    id: modelId,
    files: {
      ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n",
      "README.md": "---\nlanguage: en\nlicense: apache-2.0\n---\n# DistilRoBERTa base",
      "config.json": read(weights, "config.json"),
      "model.safetensors": read(weights, "model.safetensors"),
      "pytorch_model.bin": read(weights, "pytorch_model.bin"),
      "tf_model.h5": new Uint8Array(64),
      "flax_model.msgpack": new Uint8Array(64),
      "rust_model.ot": new Uint8Array(64),
      "dict.txt": "4 1\n",
      "tokenizer.json": read(tokenizer, "tokenizer.json"),
      "vocab.json": read(tokenizer, "vocab.json"),
      "merges.txt": read(tokenizer, "merges.txt"),
    },
  });
  hub.addRepo({
    type: "dataset",
    id: datasetId,
    files: { ".gitattributes": "*.parquet filter=lfs diff=lfs merge=lfs -text\n", "README.md": "---\nlanguage: en\n---\n# ELI5-Category", [`${datasetId}.py`]: "# the loading script: never downloaded, never run" },
    parquet: {
      "default/train/0000.parquet": eli5Parquet(rows.slice(0, 100), { hfMetadata: true }),
      "default/validation1/0000.parquet": eli5Parquet(rows.slice(100, 110), { hfMetadata: true }),
      "default/validation2/0000.parquet": eli5Parquet(rows.slice(110, 115), { hfMetadata: true }),
      "default/test/0000.parquet": eli5Parquet(rows.slice(115), { hfMetadata: true }),
    },
  });
});
after(async () => {
  await hub.close();
  cache.remove();
});

const opts = () => ({ hubUrl: hub.url, cacheDir: cache.path });
const resolved = (): string[] => hub.requests.filter((r) => r.url.includes("/resolve/")).map((r) => r.url);

test(`the notebook's ${datasetId} (a script repo) loads from its Parquet conversion, online and offline, without fetching the script`, async () => {
  assert.equal(hubNotebook.split, "train[:5000]");
  const ds = await loadDataset(datasetId, { ...opts(), split: "train[:50]" });
  assert.deepEqual(ds.column("q_id"), rows.slice(0, 50).map((r) => r.q_id));
  assert.deepEqual((await loadDataset(datasetId, opts())).numRows, { train: 100, validation1: 10, validation2: 5, test: 5 }, "the conversion's split names, kept apart");
  assert.ok(resolved().every((u) => u.includes("refs/convert/parquet")), `only the conversion's files were fetched: ${resolved().join(", ")}`);
  hub.setOffline(true);
  try {
    assert.equal((await loadDataset(datasetId, { ...opts(), split: "train[:50]" })).numRows, 50);
  } finally {
    hub.setOffline(false);
  }
});

test(`the notebook's ${modelId} loads model.safetensors (never the other frameworks' weights) and its tokenizer, online and offline`, async () => {
  const before = hub.requests.length;
  const model = await AutoModelForMaskedLM.fromPretrained(modelId, opts());
  const tok = await AutoTokenizer.fromPretrained(tokenizerId, opts());
  assert.equal(model.weightsFile, "model.safetensors");
  assert.equal(tok("Hello world").input_ids.length, 4);
  const fetched = hub.requests.slice(before).filter((r) => r.url.includes("/resolve/") && r.method === "GET").map((r) => r.url.split("/").at(-1)!);
  for (const other of ["pytorch_model.bin", "tf_model.h5", "flax_model.msgpack", "rust_model.ot"]) assert.ok(!fetched.includes(other), `${other} was not downloaded`);
  hub.setOffline(true);
  try {
    assert.equal((await AutoModelForMaskedLM.fromPretrained(modelId, opts())).weightsFile, "model.safetensors");
    assert.equal((await AutoTokenizer.fromPretrained(tokenizerId, opts())).padToken, "<pad>");
  } finally {
    hub.setOffline(false);
  }
});
