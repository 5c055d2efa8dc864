// Dataset repos of the shapes the Hub has, through the stand-in: the user's revision, the repo's own
// files preferred to the Parquet conversion as datasets prefers them, a partial conversion, the card's
// YAML configs / data_files, custom split names; each loads again with the network cut.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DatasetNotFoundError, loadDataset } from "../../src/engine/datasets/index";
import { DatasetCardError } from "../../src/engine/datasets/readme-configs";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { isolateHubEnv } from "../hub-stand-in/isolated-env";
import { eli5Parquet, eli5Rows, jsonLinesGz, tempDir } from "./fixtures";

let hub: HubStandIn;
let cache: ReturnType<typeof tempDir>;
const rows = eli5Rows(40);
const ids = (from: number, to: number): string[] => rows.slice(from, to).map((r) => r.q_id);
const csv = (name: string, n: number): string => `text,n\n${Array.from({ length: n }, (_, i) => `${name}-${i},${i}`).join("\n")}\n`;
let restoreEnv: () => void;

const CARD = `---
license: cc-by-4.0
configs:
- config_name: default
  default: true
  data_files:
  - split: train
    path: "files/train-*.csv"
  - split: validation1
    path: files/v1.csv
  - split: validation2
    path: [files/v2.csv]
- config_name: other
  data_dir: other
  data_files: "*.csv"
---
# A dataset with a card
`;

before(async () => {
  cache = tempDir("ds-shapes-");
  restoreEnv = isolateHubEnv(cache.path);
  hub = await startHubStandIn();
  // No script: datasets reads the repo's own files at the revision; the conversion (of main) is not used.
  hub.addRepo({
    type: "dataset",
    id: "acme/versions",
    files: { "README.md": "# v1", "data/train.jsonl.gz": jsonLinesGz(rows.slice(0, 10)) },
    branches: { v2: { "README.md": "# v2", "data/train.jsonl.gz": jsonLinesGz(rows.slice(10, 25)) } },
    parquet: { "default/train/0000.parquet": eli5Parquet(rows.slice(30, 32), { hfMetadata: true }) },
  });
  // A script repo whose biggest split the Hub converted only in part.
  hub.addRepo({
    type: "dataset",
    id: "big_corpus",
    files: { "big_corpus.py": "# loading script", "README.md": "# big" },
    branches: { "v1.0": { "big_corpus.py": "# an older loading script" } },
    parquet: { "default/partial-train/0000.parquet": eli5Parquet(rows.slice(0, 20), { hfMetadata: true }), "default/test/0000.parquet": eli5Parquet(rows.slice(20, 25), { hfMetadata: true }) },
  });
  hub.addRepo({
    type: "dataset",
    id: "acme/carded",
    files: {
      "README.md": CARD,
      "files/train-0.csv": csv("train", 3),
      "files/train-1.csv": csv("train", 2),
      "files/v1.csv": csv("v1", 4),
      "files/v2.csv": csv("v2", 5),
      "other/only.csv": csv("other", 6),
    },
  });
  hub.addRepo({
    type: "dataset",
    id: "acme/pushed",
    files: {
      "README.md": "# pushed with push_to_hub",
      "data/train-00000-of-00002.parquet": eli5Parquet(rows.slice(0, 5), { hfMetadata: true }),
      "data/train-00001-of-00002.parquet": eli5Parquet(rows.slice(5, 8), { hfMetadata: true }),
      "data/validation1-00000-of-00001.parquet": eli5Parquet(rows.slice(8, 10), { hfMetadata: true }),
      "data/validation2-00000-of-00001.parquet": eli5Parquet(rows.slice(10, 13), { hfMetadata: true }),
    },
  });
});
after(async () => {
  await hub.close();
  cache.remove();
  restoreEnv();
});

const opts = () => ({ hubUrl: hub.url, cacheDir: cache.path });

/** The same loads with the Hub unreachable: from the cache alone. */
async function offline<T>(load: () => Promise<T>): Promise<T> {
  hub.setOffline(true);
  try {
    return await load();
  } finally {
    hub.setOffline(false);
  }
}

test("the repo's own files are preferred to the Parquet conversion, and the user's revision is honoured", async () => {
  const main = await loadDataset("acme/versions", { ...opts(), split: "train" });
  assert.deepEqual(main.column("q_id"), ids(0, 10), "main's own data file, not the conversion's two rows");
  const v2 = await loadDataset("acme/versions", { ...opts(), split: "train", revision: "v2" });
  assert.deepEqual(v2.column("q_id"), ids(10, 25));
  const again = await offline(() => loadDataset("acme/versions", { ...opts(), split: "train", revision: "v2" }));
  assert.deepEqual(again.column("q_id"), ids(10, 25));
});

test("a script repo loads its Parquet conversion; a partial-<split> conversion loads as that split and says it is partial; another revision is refused with the reason", async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  let dd;
  try {
    dd = await loadDataset("big_corpus", opts());
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(dd.numRows, { train: 20, test: 5 });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Parquet conversion of "train" is partial \(partial-train\/\).*fewer rows than the dataset/);
  await assert.rejects(loadDataset("big_corpus", { ...opts(), revision: "v1.0" }), (e: unknown) =>
    e instanceof DatasetNotFoundError && /loading script \(big_corpus\.py\), which this app never runs/.test(e.message) && /conversion is of the main branch only/.test(e.message));
  const cached = await offline(() => loadDataset("big_corpus", { ...opts(), split: "test" }));
  assert.equal(cached.numRows, 5);
});

test("the card's YAML configs name each split's files (custom split names stay apart), data_dir included; each loads offline again", async () => {
  const dd = await loadDataset("acme/carded", opts());
  assert.deepEqual(Object.keys(dd.numRows), ["train", "validation1", "validation2"]);
  assert.deepEqual(dd.numRows, { train: 5, validation1: 4, validation2: 5 });
  assert.deepEqual(dd.validation2.column("text"), ["v2-0", "v2-1", "v2-2", "v2-3", "v2-4"]);
  const other = await loadDataset("acme/carded", { ...opts(), name: "other", split: "train" });
  assert.deepEqual(other.column("text"), ["other-0", "other-1", "other-2", "other-3", "other-4", "other-5"]);
  const cut = await offline(() => loadDataset("acme/carded", { ...opts(), split: "validation1" }));
  assert.deepEqual(cut.column("n"), [0, 1, 2, 3]);
  // Offline with only one split ever downloaded, that split still loads (the others' files are not in the cache).
  const fresh = tempDir("ds-shapes-one-split-");
  try {
    await loadDataset("acme/carded", { hubUrl: hub.url, cacheDir: fresh.path, split: "validation2" });
    const only = await offline(() => loadDataset("acme/carded", { hubUrl: hub.url, cacheDir: fresh.path, split: "validation2" }));
    assert.equal(only.numRows, 5);
  } finally {
    fresh.remove();
  }
  await assert.rejects(loadDataset("acme/carded", { ...opts(), name: "nope" }), (e: unknown) => e instanceof DatasetCardError && /no config "nope".*"default", "other"/.test(e.message));
});

test("push_to_hub's sharded names keep custom splits (validation1, validation2) apart instead of merging them into validation", async () => {
  const dd = await loadDataset("acme/pushed", opts());
  assert.deepEqual(Object.keys(dd.numRows), ["train", "validation1", "validation2"]);
  assert.deepEqual(dd.train.column("q_id"), ids(0, 8));
  assert.deepEqual(dd.validation2.column("q_id"), ids(10, 13));
  const cut = await offline(() => loadDataset("acme/pushed", { ...opts(), split: "validation1" }));
  assert.deepEqual(cut.column("q_id"), ids(8, 10));
});
