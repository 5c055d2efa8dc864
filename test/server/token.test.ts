// Issue 17, hole 2: web mode must never open to an empty or short token, at start-up (server and
// CLI) or when comparing what a request carries.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import type { NotebookApi } from "../../src/api/index";
import { authorize, MIN_TOKEN_LENGTH, sameToken } from "../../src/server/auth";
import { startServer } from "../../src/server/server";
import { ensureBuilt, ROOT, tempDir } from "../service/support";

test("startServer refuses an empty or short token, naming the minimum", async () => {
  // The server refuses before it touches the API, so no kernel is needed here.
  const api = {} as NotebookApi;
  for (const token of ["", "  ", "short", "x".repeat(MIN_TOKEN_LENGTH - 1)]) {
    await assert.rejects(startServer({ api, rendererDir: tempDir("token"), port: 0, token }), new RegExp(`at least ${MIN_TOKEN_LENGTH} characters`));
  }
  const ok = await startServer({ api, rendererDir: tempDir("token"), port: 0, token: "y".repeat(MIN_TOKEN_LENGTH) });
  await ok.close();
});

test("an empty token never matches, not even an empty expected one", () => {
  assert.equal(sameToken("", ""), false);
  const req = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as unknown as IncomingMessage;
  assert.equal(authorize(req("/?token="), "").ok, false);
  assert.equal(authorize(req("/", { cookie: "mlm_token=" }), "").ok, false);
  assert.equal(authorize(req("/", { authorization: "Bearer " }), "").ok, false);
});

test("serve --token '' and a short --token exit 2 at start-up with the minimum", () => {
  ensureBuilt();
  const dir = tempDir("serve-token");
  for (const token of ["", "abc"]) {
    const r = spawnSync("node", [join(ROOT, "bin/mlm-notebook.js"), "serve", "--port", "0", "--token", token, "--notebook", join(dir, "n.ipynb")], {
      cwd: dir, encoding: "utf8", env: { ...process.env, MLM_NOTEBOOK_HOME: join(dir, "home") }, timeout: 30000,
    });
    assert.equal(r.status, 2, `--token "${token}": ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`--token must be at least ${MIN_TOKEN_LENGTH} characters`));
    assert.doesNotMatch(r.stdout, /MLM Notebook: http/);
  }
});
