// The answers a real Hub gives besides files: gated (401/403 GatedRepo), private (401), renamed
// (307 to the new name), rate limited (429 with Retry-After), each with a message saying what to do.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { GatedRepoError, HubRateLimitError, RepoNotFoundError, hubFile, listRepoFiles } from "../../src/engine/hub/index";
import { loadDataset } from "../../src/engine/datasets/index";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { isolateHubEnv } from "../hub-stand-in/isolated-env";
import { tempDir } from "../datasets/fixtures";

let hub: HubStandIn;
let cache: ReturnType<typeof tempDir>;
const stranger = { name: "stranger", token: "hf_stranger_token_0123456789" };
let restoreEnv: () => void;

before(async () => {
  cache = tempDir("hub-errors-");
  restoreEnv = isolateHubEnv(cache.path);
  hub = await startHubStandIn();
  hub.addUser(stranger);
  hub.addUser({ name: "approved", token: "hf_approved_token_0123456789" });
  hub.addRepo({ type: "model", id: "meta-ish/gated-model", files: { "config.json": '{"gated": true}' }, gated: true, approved: ["approved"] });
  hub.addRepo({ type: "dataset", id: "acme/private-data", files: { "train.csv": "a\n1\n" }, private: true, owner: "stand-in-org" });
  hub.addRepo({ type: "model", id: "old-org/model", files: { "config.json": '{"renamed": true}', "model.safetensors": new Uint8Array(64).fill(3) } });
  hub.addRepo({ type: "model", id: "acme/busy", files: { "config.json": '{"busy": true}' } });
});
after(async () => {
  await hub.close();
  cache.remove();
  restoreEnv();
});

const opts = (token?: string) => ({ hubUrl: hub.url, cacheDir: cache.path, token });

test("a gated repo: without a token the error says to accept the conditions on its page and log in; unapproved, to ask for access; approved, it downloads", async () => {
  const page = `${hub.url}/meta-ish/gated-model`;
  await assert.rejects(hubFile("meta-ish/gated-model", "config.json", opts()), (e: unknown) =>
    e instanceof GatedRepoError && e.status === 401 && e.message.includes(page) && /accept its conditions/.test(e.message) && /login\(/.test(e.message));
  await assert.rejects(hubFile("meta-ish/gated-model", "config.json", opts(stranger.token)), (e: unknown) =>
    e instanceof GatedRepoError && e.status === 403 && /not approved yet/.test(e.message) && e.message.includes(page));
  assert.equal(readFileSync(await hubFile("meta-ish/gated-model", "config.json", opts("hf_approved_token_0123456789")), "utf8"), '{"gated": true}');
});

test("a private repo without a token answers 401 and the error says to log in; another account's token gets 404 and is told to check access", async () => {
  await assert.rejects(hubFile("acme/private-data", "train.csv", { ...opts(), repoType: "dataset" }), (e: unknown) => e instanceof RepoNotFoundError && e.status === 401 && /log in first/.test(e.message));
  await assert.rejects(listRepoFiles("acme/private-data", { ...opts(stranger.token), repoType: "dataset" }), (e: unknown) => e instanceof RepoNotFoundError && e.status === 404 && /your token can read it/.test(e.message));
});

test("a renamed repo follows the Hub's redirect to the new name and warns to use it", async () => {
  hub.renameRepo("model", "old-org/model", "new-org/model");
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    assert.equal(readFileSync(await hubFile("old-org/model", "config.json", opts()), "utf8"), '{"renamed": true}');
    assert.deepEqual(new Uint8Array(readFileSync(await hubFile("old-org/model", "model.safetensors", opts()))), new Uint8Array(64).fill(3), "LFS files: the rename's redirect, then the CDN's");
    assert.deepEqual((await listRepoFiles("old-org/model", opts())).map((f) => f.path).sort(), ["config.json", "model.safetensors"]);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(warnings, ['"old-org/model" has moved to "new-org/model" on the Hub; the old name redirects for now: use "new-org/model" in your code.']);
  assert.ok(hub.requests.some((r) => r.status === 307 && r.url.includes("/old-org/model/resolve/")));
});

test("HTTP 429 with a short Retry-After is waited out and retried; a long one ends in an error that says how long to wait", async () => {
  hub.rateLimit(2, 1);
  const started = Date.now();
  assert.equal(readFileSync(await hubFile("acme/busy", "config.json", opts()), "utf8"), '{"busy": true}');
  assert.ok(Date.now() - started >= 2000, "waited Retry-After (1 s) twice");
  hub.rateLimit(1, 3600);
  await assert.rejects(hubFile("acme/busy", "config.json", opts()), (e: unknown) =>
    e instanceof HubRateLimitError && e.retryAfter === 3600 && /wait 3600 s and run the cell again/.test(e.message) && /login\(/.test(e.message));
  hub.rateLimit(1, 3600);
  await assert.rejects(listRepoFiles("acme/busy", opts(hub.token)), (e: unknown) => e instanceof HubRateLimitError && !/login\(/.test(e.message));
  hub.rateLimit(0, 0);
});

test("an interrupt ends the wait for a Retry-After at once", async () => {
  const { InterruptedError, setAbortSignal } = await import("../../src/engine/runtime/abort");
  const controller = new AbortController();
  hub.rateLimit(1, 20);
  setAbortSignal(controller.signal);
  setTimeout(() => controller.abort(), 200);
  const started = Date.now();
  try {
    await assert.rejects(hubFile("acme/busy", "config.json", opts()), (e: unknown) => e instanceof InterruptedError);
  } finally {
    setAbortSignal(null);
    hub.rateLimit(0, 0);
  }
  assert.ok(Date.now() - started < 5000, "did not wait the 20 s");
});

test("a renamed dataset repo loads by its old name", async () => {
  hub.addRepo({ type: "dataset", id: "old-org/data", files: { "train.csv": "text\nhello\n" } });
  hub.renameRepo("dataset", "old-org/data", "new-org/data");
  const warn = console.warn;
  console.warn = () => {};
  try {
    const ds = await loadDataset("old-org/data", { ...opts(), split: "train" });
    assert.deepEqual(ds.column("text"), ["hello"]);
  } finally {
    console.warn = warn;
  }
});
