// The desktop app's Hub token at rest (src/main/token-store.ts) with a keychain that really
// encrypts, and the desktop login around it (src/main/desktop-api.ts) against the Hub stand-in:
// the token is kept encrypted (0600) or not at all, loads back, and is never logged.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import { desktopApi } from "../../src/main/desktop-api";
import { TOKEN_FILE, TokenStore } from "../../src/main/token-store";
import { startHubStandIn, type HubStandIn } from "../hub-stand-in/server";
import { aesKeychain, recordingApi } from "./support";

const TOKEN = "hf_desktopTokenAtRest0123456789";
let dir = "";
let hub: HubStandIn;
const savedEnv = { HF_TOKEN: process.env.HF_TOKEN, HF_ENDPOINT: process.env.HF_ENDPOINT };

before(async () => {
  hub = await startHubStandIn();
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
after(() => hub.close());

function freshDir(): string {
  dir = mkdtempSync(join(tmpdir(), "mlm-token-store-"));
  return dir;
}

/** Everything written to the console and to stdout/stderr while `fn` runs (still written: the test runner reports there too). */
async function printedDuring(fn: () => Promise<unknown>): Promise<string> {
  const printed: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug"] as const;
  const consoleBefore = methods.map((m) => console[m]);
  const writes = [process.stdout.write, process.stderr.write];
  for (const m of methods) console[m] = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
  const tee = (write: typeof process.stdout.write) => ((chunk: unknown, ...rest: never[]) => (printed.push(String(chunk)), write(chunk as string, ...rest))) as typeof process.stdout.write;
  process.stdout.write = tee(process.stdout.write.bind(process.stdout));
  process.stderr.write = tee(process.stderr.write.bind(process.stderr));
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => (console[m] = consoleBefore[i]));
    [process.stdout.write, process.stderr.write] = writes;
  }
  return printed.join("\n");
}

test("a saved token is only in the file encrypted, readable by its owner alone, and loads back in a later start", () => {
  const keychain = aesKeychain();
  new TokenStore(freshDir(), keychain).save(TOKEN);
  const file = join(dir, TOKEN_FILE);
  const bytes = readFileSync(file);
  assert.equal(bytes.includes(Buffer.from(TOKEN)), false, "the token is in the file in clear");
  assert.equal(bytes.includes(Buffer.from(TOKEN).toString("base64")), false, "the token is in the file as base64");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(new TokenStore(dir, keychain).load(), TOKEN);
});

test("with no keychain the token is refused, nothing is written, and the message says why and what to do", () => {
  const keychain = aesKeychain();
  keychain.available = false;
  const store = new TokenStore(freshDir(), keychain);
  assert.throws(() => store.save(TOKEN), (e: Error) => {
    assert.match(e.message, /Cannot keep the Hub token: this system has no keychain.*set HF_TOKEN/);
    assert.ok(!e.message.includes(TOKEN), "the message carries the token");
    return true;
  });
  assert.equal(existsSync(join(dir, TOKEN_FILE)), false);
});

test("no file, no keychain, another keychain's file or a damaged one: load gives null and the app starts logged out", () => {
  const keychain = aesKeychain();
  const store = new TokenStore(freshDir(), keychain);
  assert.equal(store.load(), null, "no file yet");
  store.save(TOKEN);
  assert.equal(new TokenStore(dir, aesKeychain()).load(), null, "a file encrypted under another key");
  keychain.available = false;
  assert.equal(store.load(), null, "the keychain went away");
  keychain.available = true;
  writeFileSync(join(dir, TOKEN_FILE), Buffer.from("not what safeStorage wrote"));
  assert.equal(store.load(), null, "a damaged file");
});

test("clear removes the kept token, and clearing twice is fine", () => {
  const store = new TokenStore(freshDir(), aesKeychain());
  store.save(TOKEN);
  store.clear();
  assert.equal(existsSync(join(dir, TOKEN_FILE)), false);
  store.clear();
  assert.equal(store.load(), null);
});

test("desktop login: a good token is kept encrypted and comes back masked, a bad one keeps nothing; nothing printed holds either", async () => {
  const keychain = aesKeychain();
  const store = new TokenStore(freshDir(), keychain);
  const service = recordingApi();
  const api = desktopApi(service.api, store);
  const bad = "hf_refusedByTheStandIn00000000";
  const results: unknown[] = [];
  const printed = await printedDuring(async () => {
    results.push(await api.login(bad, hub.url));
    assert.equal(existsSync(join(dir, TOKEN_FILE)), false, "a refused token was kept");
    results.push(await api.login(`  ${hub.token}\n`, hub.url));
  });
  const [refused, accepted] = results as Awaited<ReturnType<typeof api.login>>[];
  assert.equal(refused.ok, false);
  assert.match(refused.message ?? "", /Invalid token/);
  assert.deepEqual({ ok: accepted.ok, name: accepted.name, orgs: accepted.orgs }, { ok: true, name: "tester", orgs: ["stand-in-org"] });
  assert.equal(accepted.masked, `${hub.token.slice(0, 3)}…${hub.token.slice(-4)}`);
  assert.equal(new TokenStore(dir, keychain).load(), hub.token, "kept trimmed, for the next start");
  assert.equal(process.env.HF_TOKEN, hub.token, "the engine in this process gets it");
  for (const secret of [hub.token, bad]) {
    assert.ok(!JSON.stringify(results).includes(secret), "a login result carries a full token");
    assert.ok(!printed.includes(secret), "a full token was printed");
  }
  assert.equal(service.calls.length, 0, "the desktop login does not hand the token to the service");

  await api.logout();
  assert.equal(existsSync(join(dir, TOKEN_FILE)), false);
  assert.equal(process.env.HF_TOKEN, undefined);
  assert.deepEqual(service.calls.map((c) => c.method), ["logout"], "the service's logout still runs (web mode's token file)");
});

test("desktop login with no keychain fails, naming why; the token stays out of this process and the disk", async () => {
  const keychain = aesKeychain();
  keychain.available = false;
  delete process.env.HF_TOKEN;
  const api = desktopApi(recordingApi().api, new TokenStore(freshDir(), keychain));
  const result = await api.login(hub.token, hub.url);
  assert.equal(result.ok, false);
  assert.match(result.message ?? "", /no keychain/);
  assert.equal(process.env.HF_TOKEN, undefined);
  assert.equal(existsSync(join(dir, TOKEN_FILE)), false);
});
