import assert from "node:assert/strict";
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { EntryNotFoundError, HubAuthError, HubOfflineError, RepoNotFoundError, RevisionNotFoundError, hubFile, listRepoFiles } from "../../src/engine/hub/index";
import { setProgressSink, type ProgressReport } from "../../src/engine/runtime/progress";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";

let hub: HubStandIn;
let cacheDir: string;
let commit: string;
const weights = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);

before(async () => {
  hub = await startHubStandIn();
  cacheDir = mkdtempSync(join(tmpdir(), "hub-cache-"));
  commit = hub.addRepo({ type: "model", id: "acme/tiny", files: { "config.json": '{"hidden_size": 8}', "model.safetensors": weights } }).commit;
  hub.addRepo({ type: "model", id: "acme/secret", files: { "config.json": "{}", "model.safetensors": weights }, private: true, owner: "stand-in-org" });
});
after(async () => {
  await hub.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

test("hubFile downloads into the HF cache layout: blobs, snapshots/<commit> symlinks, refs/main", async () => {
  const path = await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir });
  const repoDir = join(cacheDir, "models--acme--tiny");
  assert.equal(path, join(repoDir, "snapshots", commit, "model.safetensors"));
  assert.deepEqual(new Uint8Array(readFileSync(path)), weights);
  assert.ok(lstatSync(path).isSymbolicLink());
  assert.match(readlinkSync(path), /^\.\.\/\.\.\/blobs\/[0-9a-f]{64}$/, "LFS files are stored under their sha256, linked relatively");
  assert.equal(readFileSync(join(repoDir, "refs", "main"), "utf8"), commit);
  const config = await hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir });
  assert.match(readlinkSync(config), /^\.\.\/\.\.\/blobs\/[0-9a-f]{40}$/, "regular files are stored under their git blob sha1");
});

test("a cached file is served without transferring its contents again", async () => {
  await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir });
  const before = hub.contentRequests().length;
  await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir });
  await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir, revision: commit });
  assert.equal(hub.contentRequests().length, before);
});

test("downloads report progress in bytes", async () => {
  const seen: ProgressReport[] = [];
  setProgressSink((r) => seen.push(r));
  const fresh = mkdtempSync(join(tmpdir(), "hub-cache-"));
  try {
    await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir: fresh });
  } finally {
    setProgressSink(null);
    rmSync(fresh, { recursive: true, force: true });
  }
  const last = seen.at(-1)!;
  assert.equal(last.unit, "B");
  assert.equal(last.done, weights.byteLength);
  assert.equal(last.total, weights.byteLength);
  assert.ok(last.finished);
});

test("HF_HUB_CACHE is honoured when no cacheDir is given", async () => {
  const dir = mkdtempSync(join(tmpdir(), "hf-hub-cache-"));
  const saved = process.env.HF_HUB_CACHE;
  process.env.HF_HUB_CACHE = dir;
  try {
    const path = await hubFile("acme/tiny", "config.json", { hubUrl: hub.url });
    assert.ok(path.startsWith(join(dir, "models--acme--tiny", "snapshots")));
  } finally {
    if (saved === undefined) delete process.env.HF_HUB_CACHE;
    else process.env.HF_HUB_CACHE = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("missing repo, file and revision give typed errors naming them", async () => {
  await assert.rejects(hubFile("acme/nope", "config.json", { hubUrl: hub.url, cacheDir, token: hub.token }), (e: unknown) => e instanceof RepoNotFoundError && /acme\/nope/.test(e.message));
  await assert.rejects(hubFile("acme/tiny", "nope.json", { hubUrl: hub.url, cacheDir }), (e: unknown) => e instanceof EntryNotFoundError && /nope\.json/.test(e.message));
  await assert.rejects(hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir, revision: "v9" }), (e: unknown) => e instanceof RevisionNotFoundError && /v9/.test(e.message));
});

test("a private repo needs a token: without one the error says to log in; with one it downloads", async () => {
  const saved = process.env.HF_TOKEN;
  delete process.env.HF_TOKEN;
  const savedHome = process.env.HF_HOME;
  process.env.HF_HOME = mkdtempSync(join(tmpdir(), "hf-home-"));
  try {
    await assert.rejects(hubFile("acme/secret", "config.json", { hubUrl: hub.url, cacheDir }), (e: unknown) => e instanceof RepoNotFoundError && e.status === 401 && /login\(/.test(e.message));
    const path = await hubFile("acme/secret", "config.json", { hubUrl: hub.url, cacheDir, token: hub.token });
    assert.equal(readFileSync(path, "utf8"), "{}");
    // LFS files come from the CDN's signed URL, which refuses a token (as S3 does): it must not be sent there.
    const cdnBefore = hub.requests.filter((r) => r.host === "cdn").length;
    assert.deepEqual(new Uint8Array(readFileSync(await hubFile("acme/secret", "model.safetensors", { hubUrl: hub.url, cacheDir, token: hub.token }))), weights);
    assert.ok(hub.requests.filter((r) => r.host === "cdn" && r.status === 200).length > cdnBefore);
    await assert.rejects(hubFile("acme/secret", "config.json", { hubUrl: hub.url, cacheDir, token: "hf_wrong" }), (e: unknown) => e instanceof HubAuthError && /token is invalid/.test(e.message));
  } finally {
    if (saved !== undefined) process.env.HF_TOKEN = saved;
    if (savedHome === undefined) delete process.env.HF_HOME;
    else process.env.HF_HOME = savedHome;
  }
});

test("when the Hub is unreachable a cached file is still found through refs/main; an uncached one says offline", async () => {
  await hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir });
  hub.setOffline(true);
  try {
    const path = await hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir });
    assert.equal(readFileSync(path, "utf8"), '{"hidden_size": 8}');
    const empty = mkdtempSync(join(tmpdir(), "hub-cache-"));
    await assert.rejects(hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir: empty }), (e: unknown) => e instanceof HubOfflineError && /offline/.test(e.message) && /eli5_sample/.test(e.message));
    rmSync(empty, { recursive: true, force: true });
  } finally {
    hub.setOffline(false);
  }
});

test("listRepoFiles lists a repo recursively, also on refs/convert/parquet", async () => {
  hub.addRepo({ type: "dataset", id: "acme/ds", files: { "README.md": "# ds", "data/train.csv": "a\n1\n" }, parquet: { "default/train/0000.parquet": new Uint8Array([1, 2, 3]) } });
  const main = await listRepoFiles("acme/ds", { repoType: "dataset", hubUrl: hub.url });
  assert.deepEqual(main.map((f) => f.path).sort(), ["README.md", "data/train.csv"]);
  const parquet = await listRepoFiles("acme/ds", { repoType: "dataset", hubUrl: hub.url, revision: "refs/convert/parquet" });
  assert.deepEqual(parquet.map((f) => [f.path, f.size]), [["default/train/0000.parquet", 3]]);
  const path = await hubFile("acme/ds", "default/train/0000.parquet", { repoType: "dataset", hubUrl: hub.url, cacheDir, revision: "refs/convert/parquet" });
  assert.ok(existsSync(join(cacheDir, "datasets--acme--ds", "refs", "refs", "convert", "parquet")));
  assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array([1, 2, 3]));
});

test("an interrupted download stops, leaves no partial blob, and a later call downloads it whole", async () => {
  const { InterruptedError, setAbortSignal } = await import("../../src/engine/runtime/abort");
  const fresh = mkdtempSync(join(tmpdir(), "hub-cache-"));
  const controller = new AbortController();
  setAbortSignal(controller.signal);
  setProgressSink(() => controller.abort());
  try {
    await assert.rejects(hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir: fresh }), (e: unknown) => e instanceof InterruptedError);
  } finally {
    setAbortSignal(null);
    setProgressSink(null);
  }
  const blobs = join(fresh, "models--acme--tiny", "blobs");
  assert.deepEqual(readdirSync(blobs), [], "no .incomplete or partial blob is left");
  const path = await hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir: fresh });
  assert.deepEqual(new Uint8Array(readFileSync(path)), weights);
  rmSync(fresh, { recursive: true, force: true });
});

test("HF_HUB_OFFLINE=1 uses only the cache, without any request", async () => {
  await hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir });
  const before = hub.requests.length;
  process.env.HF_HUB_OFFLINE = "1";
  try {
    assert.equal(readFileSync(await hubFile("acme/tiny", "config.json", { hubUrl: hub.url, cacheDir }), "utf8"), '{"hidden_size": 8}');
    await assert.rejects(listRepoFiles("acme/tiny", { hubUrl: hub.url }), (e: unknown) => e instanceof HubOfflineError);
  } finally {
    delete process.env.HF_HUB_OFFLINE;
  }
  assert.equal(hub.requests.length, before);
});

test("parallel calls for the same file share one download", async () => {
  const fresh = mkdtempSync(join(tmpdir(), "hub-cache-"));
  const before = hub.contentRequests().length;
  const paths = await Promise.all([1, 2, 3].map(() => hubFile("acme/tiny", "model.safetensors", { hubUrl: hub.url, cacheDir: fresh })));
  assert.equal(new Set(paths).size, 1);
  assert.equal(hub.contentRequests().length - before, 1);
  assert.deepEqual(new Uint8Array(readFileSync(paths[0])), weights);
  rmSync(fresh, { recursive: true, force: true });
});

test("a file the Hub says is absent is remembered in .no_exist/<commit>/<file>, so offline it is absent, not merely uncached", async () => {
  await assert.rejects(hubFile("acme/tiny", "tokenizer_config.json", { hubUrl: hub.url, cacheDir }), (e: unknown) => e instanceof EntryNotFoundError);
  const marker = join(cacheDir, "models--acme--tiny", ".no_exist", commit, "tokenizer_config.json");
  assert.equal(readFileSync(marker, "utf8"), "", "an empty marker, as huggingface_hub writes it");
  for (const offline of [() => hub.setOffline(true), () => (process.env.HF_HUB_OFFLINE = "1")]) {
    offline();
    try {
      await assert.rejects(hubFile("acme/tiny", "tokenizer_config.json", { hubUrl: hub.url, cacheDir }), (e: unknown) => e instanceof EntryNotFoundError);
      await assert.rejects(hubFile("acme/tiny", "never-asked.json", { hubUrl: hub.url, cacheDir }), (e: unknown) => e instanceof HubOfflineError);
    } finally {
      hub.setOffline(false);
      delete process.env.HF_HUB_OFFLINE;
    }
  }
  // Pinned to the commit, the marker answers without a request.
  const before = hub.requests.length;
  await assert.rejects(hubFile("acme/tiny", "tokenizer_config.json", { hubUrl: hub.url, cacheDir, revision: commit }), (e: unknown) => e instanceof EntryNotFoundError);
  assert.equal(hub.requests.length, before);
});
