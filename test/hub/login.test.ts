import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, test } from "node:test";
import { HubAuthError, getToken, login, logout, whoAmI } from "../../src/engine/hub/index";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";

let hub: HubStandIn;
let home: string;
const saved = { HF_HOME: process.env.HF_HOME, HF_TOKEN: process.env.HF_TOKEN };

before(async () => {
  hub = await startHubStandIn();
});
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "hf-home-"));
  process.env.HF_HOME = home;
  delete process.env.HF_TOKEN;
});
after(async () => {
  await hub.close();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

test("login checks the token with whoami and stores it in $HF_HOME/token with mode 0600", async () => {
  const result = await login({ token: hub.token, hubUrl: hub.url });
  assert.equal(result.name, "tester");
  assert.deepEqual(result.orgs, ["stand-in-org"]);
  assert.equal(result.tokenPath, join(home, "token"));
  assert.equal(readFileSync(join(home, "token"), "utf8"), hub.token);
  assert.equal(statSync(join(home, "token")).mode & 0o777, 0o600);
  assert.ok(!JSON.stringify(result).includes(hub.token), "the result never carries the token");
  assert.equal(getToken(), hub.token);
  assert.equal((await whoAmI({ hubUrl: hub.url })).name, "tester");
  await logout();
  assert.equal(getToken(), null);
  rmSync(home, { recursive: true, force: true });
});

test("HF_TOKEN takes precedence over the stored token", async () => {
  await login({ token: hub.token, hubUrl: hub.url });
  process.env.HF_TOKEN = "hf_from_env";
  assert.equal(getToken(), "hf_from_env");
});

test("a rejected token is not stored and the error says why", async () => {
  await assert.rejects(login({ token: "hf_not_a_real_token", hubUrl: hub.url }), (e: unknown) => e instanceof HubAuthError && /^Invalid token: the Hub at http:\/\/127\.0\.0\.1:\d+ did not accept it \(HTTP 401\)/.test(e.message) && !e.message.includes("hf_not_a_real_token"));
  assert.equal(getToken(), null);
  await assert.rejects(login({ token: "abc", hubUrl: hub.url }), /starts with "hf_"/);
  await assert.rejects(whoAmI({ hubUrl: hub.url }), (e: unknown) => e instanceof HubAuthError && /no token is set/.test(e.message));
});
