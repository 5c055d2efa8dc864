// Issue 17, quiet failures in loadDataset: a split that starts past the end raises as datasets
// does ("corresponds to no data"), reversed bounds warn, and a local path that does not exist
// is said to be missing instead of being asked of the Hub.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DatasetNotFoundError, loadDataset } from "../../src/engine/datasets/index";
import { tempDir } from "./fixtures";

let dir: ReturnType<typeof tempDir>;
let file = "";

before(() => {
  dir = tempDir("quiet-failures-");
  file = join(dir.path, "rows.jsonl");
  writeFileSync(file, Array.from({ length: 10 }, (_, i) => JSON.stringify({ i })).join("\n"));
});
after(() => dir.remove());

async function warnings<T>(run: () => Promise<T>): Promise<{ value: T; warned: string[] }> {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.join(" "));
  try {
    return { value: await run(), warned };
  } finally {
    console.warn = original;
  }
}

test("a split that starts past the end corresponds to no data, as datasets says", async () => {
  for (const split of ["train[1000000:]", "train[10:]", "train[10:20]", "train[:5]+train[50:]"]) {
    await assert.rejects(loadDataset("json", { dataFiles: file, split }), (e: Error) => {
      assert.match(e.message, new RegExp(`Instruction "${split.replace(/[[\]+]/g, "\\$&")}" corresponds to no data`));
      assert.match(e.message, /"train" has 10 rows/);
      return true;
    });
  }
  const { value, warned } = await warnings(() => loadDataset("json", { dataFiles: file, split: "train[9:]" }));
  assert.equal(value.numRows, 1, "the last row is still a row");
  assert.deepEqual(warned, []);
});

test("reversed bounds (train[5:2]) give no rows and warn", async () => {
  const { value, warned } = await warnings(() => loadDataset("json", { dataFiles: file, split: "train[5:2]" }));
  assert.equal(value.numRows, 0);
  assert.equal(warned.length, 1);
  assert.match(warned[0], /"train\[5:2\]" selects no rows: its end \(2\) is before its start \(5\)/);
});

test("a local path that does not exist is reported as missing, not looked up on the Hub", async () => {
  for (const name of ["./nope_dir", join(dir.path, "nope_dir"), "../nope/deeper"]) {
    // A Hub that cannot be reached would fail otherwise: the path must be checked first.
    await assert.rejects(loadDataset(name, { hubUrl: "http://127.0.0.1:9" }), (e: Error) => {
      assert.ok(e instanceof DatasetNotFoundError, `${name}: ${e.name}: ${e.message}`);
      assert.match(e.message, /the local path .* does not exist/);
      return true;
    });
  }
  await assert.rejects(loadDataset(file), /is a file, not a folder: load it with loadDataset\("json", \{ dataFiles: /);
});
