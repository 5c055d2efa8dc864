import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createRepo, listFiles, uploadFiles } from "@huggingface/hub";
import { startHubStandIn, type HubStandIn } from "./server";

let hub: HubStandIn;
before(async () => {
  hub = await startHubStandIn();
  hub.addRepo({ type: "dataset", id: "acme/eli5", files: { "README.md": "hello world" }, parquet: { "default/train/0000.parquet": new Uint8Array(10), "default/test/0000.parquet": new Uint8Array(4) } });
});
after(() => hub.close());

test("resolve answers Range with 206 and Content-Range, and If-None-Match with 304", async () => {
  const url = `${hub.url}/datasets/acme/eli5/resolve/main/README.md`;
  const ranged = await fetch(url, { headers: { Range: "bytes=6-10" } });
  assert.equal(ranged.status, 206);
  assert.equal(ranged.headers.get("content-range"), "bytes 6-10/11");
  assert.equal(await ranged.text(), "world");
  const etag = ranged.headers.get("etag")!;
  assert.match(ranged.headers.get("x-repo-commit")!, /^[0-9a-f]{40}$/);
  assert.equal((await fetch(url, { headers: { "If-None-Match": etag } })).status, 304);
  const missing = await fetch(`${hub.url}/datasets/acme/eli5/resolve/main/nope`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("x-error-code"), "EntryNotFound");
});

test("the parquet listing names each config's split files on refs/convert/parquet", async () => {
  const listing = (await (await fetch(`${hub.url}/api/datasets/acme/eli5/parquet`)).json()) as Record<string, Record<string, string[]>>;
  assert.deepEqual(Object.keys(listing.default).sort(), ["test", "train"]);
  const file = await fetch(listing.default.train[0]);
  assert.equal((await file.arrayBuffer()).byteLength, 10);
});

test("the real client can create a repo and commit regular and LFS files to it", async () => {
  await createRepo({ repo: { type: "model", name: "tester/pushed" }, accessToken: hub.token, hubUrl: hub.url });
  const weights = new Uint8Array(2048).fill(7);
  await uploadFiles({
    repo: { type: "model", name: "tester/pushed" },
    accessToken: hub.token,
    hubUrl: hub.url,
    files: [
      { path: "config.json", content: new Blob(['{"a":1}']) },
      { path: "model.safetensors", content: new Blob([weights]) },
    ],
  });
  const files = hub.files("model", "tester/pushed");
  assert.equal(new TextDecoder().decode(files.get("config.json")), '{"a":1}');
  assert.deepEqual(files.get("model.safetensors"), weights);
  assert.ok(hub.requests.some((r) => r.url.includes("lfs/objects/batch")), "the LFS file went through the batch API");
  await assert.rejects(createRepo({ repo: { type: "model", name: "stranger/x" }, accessToken: hub.token, hubUrl: hub.url }), /rights/);
});

test("the tree API pages with Link: rel=\"next\" and the client follows it", async () => {
  const paged = await startHubStandIn({ treePageSize: 2 });
  try {
    paged.addRepo({ type: "dataset", id: "acme/many", files: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`data/train-${i}.jsonl`, "{}"])) });
    const paths: string[] = [];
    for await (const f of listFiles({ repo: { type: "dataset", name: "acme/many" }, recursive: true, hubUrl: paged.url })) if (f.type === "file") paths.push(f.path);
    assert.deepEqual(paths.sort(), [0, 1, 2, 3, 4].map((i) => `data/train-${i}.jsonl`));
    assert.ok(paged.requests.filter((r) => r.url.includes("/tree/")).length >= 3, "several pages were requested");
  } finally {
    await paged.close();
  }
});
