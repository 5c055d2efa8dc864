// The pretraining corpus build (scripts/build-corpus): every source named with a permissive licence,
// and the build fails when a paragraph of eli5_sample would be written. The full build downloads
// ~350 MB of Debian packages, so CI checks its rules and its committed manifest, not a rebuild.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const ROOT = new URL("../..", import.meta.url).pathname;
const DIR = join(ROOT, "scripts/build-corpus");

/** Runs Python with build.py importable, as `python3 -c`, and returns its exit status and output. */
function python(code: string): { status: number | null; out: string } {
  const r = spawnSync("python3", ["-B", "-c", code], { cwd: DIR, encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test("the build refuses a corpus that holds a paragraph of eli5_sample (normalised)", () => {
  const r = python(`
import gzip, json, build
sample = build.sample_paragraphs()
first = json.loads(gzip.open(build.SAMPLE, "rt").readline())["answers"]["text"][0]
ok = {"train": [{"text": "A paragraph of some other documentation, long enough to count.", "source": "x", "page": "a.html"}]}
build.check_no_sample_paragraphs(ok, sample)
print("clean corpus passes")
# Case and spacing differ: the comparison is on normalised text.
bad = {"train": [{"text": "Other text here.\\n" + "  " + first.upper() + " ", "source": "x", "page": "b.html"}]}
build.check_no_sample_paragraphs(bad, sample)
`);
  assert.match(r.out, /clean corpus passes/);
  assert.notEqual(r.status, 0, r.out);
  assert.match(r.out, /a paragraph of eli5_sample is in x\/b\.html/);
});

test("every source has a permissive licence, and the build refuses one that has not", () => {
  const ok = python(`
import build
build.check_licences(build.SOURCES)
print(len(build.SOURCES), "sources")
build.check_licences([build.Source("some-doc", "1.0", "GPL-3.0-or-later", "License: GPL-3", "usr/share/doc/x")])
`);
  assert.match(ok.out, /\d+ sources/);
  assert.notEqual(ok.status, 0);
  assert.match(ok.out, /some-doc: licence GPL-3\.0-or-later is not on the permissive list/);
});

test("the committed manifest names every source with its version, licence and copyright file, and the size", () => {
  const manifest = JSON.parse(readFileSync(join(DIR, "manifest.json"), "utf8")) as {
    sources: { package: string; version: string; licence: string; copyright_sha256: string; deb_sha256: string; words: number; dropped_in_sample: number }[];
    splits: { train: { words: number; sha256: string }; heldout: { words: number } };
    sample_paragraphs_checked: number;
  };
  const listed = python("import build, json; print(json.dumps([[s.package, s.version, s.licence] for s in build.SOURCES]))");
  assert.deepEqual(manifest.sources.map((s) => [s.package, s.version, s.licence]), JSON.parse(listed.out));
  for (const s of manifest.sources) {
    assert.match(s.copyright_sha256, /^[0-9a-f]{64}$/, s.package);
    assert.match(s.deb_sha256, /^[0-9a-f]{64}$/, s.package);
    assert.ok(s.words > 0, s.package);
  }
  // ≥ 10M tokens of RoBERTa BPE: 8M words of technical prose tokenize to ~11.8M (scripts/pretrain logs the count).
  assert.ok(manifest.splits.train.words >= 7_500_000, `${manifest.splits.train.words} words`);
  // Checked against all of eli5_sample as it is now (its distinct normalised paragraphs).
  assert.equal(String(manifest.sample_paragraphs_checked), python("import build; print(len(build.sample_paragraphs()))").out.trim());
});
