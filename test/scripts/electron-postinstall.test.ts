// What `npm install` says about Electron's binary (scripts/electron-postinstall.mjs), in each case
// it can meet: skipped on request, already there, and a download that fails (a closed port stands
// in for a closed network; electron's own installer makes the attempt). It never fails the install.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

const script = new URL("../../scripts/electron-postinstall.mjs", import.meta.url).pathname;

function postinstall(env: Record<string, string | undefined>): { status: number | null; output: string } {
  const merged: Record<string, string | undefined> = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: undefined, ...env };
  const clean = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  const r = spawnSync(process.execPath, [script], { encoding: "utf8", env: clean, timeout: 60_000 });
  return { status: r.status, output: r.stdout + r.stderr };
}

function withDir<T>(f: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "electron-dist-"));
  try {
    return f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("ELECTRON_SKIP_BINARY_DOWNLOAD set: says it skipped because of it, what works without, how to fetch later", () => {
  withDir((empty) => {
    const r = postinstall({ ELECTRON_SKIP_BINARY_DOWNLOAD: "1", ELECTRON_OVERRIDE_DIST_PATH: empty });
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /Electron's binary was not downloaded: ELECTRON_SKIP_BINARY_DOWNLOAD is set\./);
    assert.match(r.output, /`npm start` serves the web mode/);
    assert.match(r.output, /npx install-electron/);
    assert.doesNotMatch(r.output, /Downloading/);
  });
});

test("a binary already in place: says where, downloads nothing", () => {
  withDir((dist) => {
    writeFileSync(join(dist, "electron"), "");
    const r = postinstall({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, new RegExp(`Electron's binary is installed \\(${join(dist, "electron")}\\)`));
    assert.doesNotMatch(r.output, /Downloading|ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });
});

test("not skipped, and the download fails: says it could not, with the installer's cause, never that the variable was set", () => {
  withDir((empty) => {
    const r = postinstall({ ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_MIRROR: "http://127.0.0.1:9/", electron_config_cache: join(empty, "cache") });
    assert.equal(r.status, 0, r.output);
    assert.match(r.output, /Downloading Electron's binary/);
    assert.match(r.output, /Electron's binary could not be downloaded \([^)]*\S[^)]*\)\./);
    assert.match(r.output, /When the network allows, run `npx install-electron`/);
    assert.doesNotMatch(r.output, /ELECTRON_SKIP_BINARY_DOWNLOAD/);
  });
});
