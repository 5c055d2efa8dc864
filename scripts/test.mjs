// The one test command: builds, typechecks, checks for import circles, runs the unit tests (node:test + tsx) and the e2e specs
// (Playwright), and ends with one line "N passed, N failed, N skipped" over both.
// Flags: --unit / --e2e run one half; --no-build skips the build; other args filter test files.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const only = (flag) => args.includes(flag);
const filters = args.filter((a) => !a.startsWith("--"));
const runUnit = !only("--e2e");
const runE2e = !only("--unit");

function find(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? find(path, suffix) : name.endsWith(suffix) ? [path] : [];
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

if (!only("--no-build")) {
  const b = spawnSync("node", [join(root, "scripts/build.mjs"), ...(runE2e ? [] : ["--node-only"])], { cwd: root, stdio: "inherit" });
  if (b.status !== 0) {
    console.log("build failed");
    console.log("0 passed, 1 failed, 0 skipped");
    process.exit(1);
  }
}

if (runUnit) {
  // The types are part of the contract (strict TS on both sides): a type error fails the run.
  for (const project of ["tsconfig.node.json", "tsconfig.web.json"]) {
    const t = spawnSync("npx", ["tsc", "-p", project, "--noEmit"], { cwd: root, stdio: "inherit" });
    console.log(`${t.status === 0 ? "✔" : "✖"} typecheck ${project}`);
    if (t.status === 0) totals.passed++;
    else { totals.failed++; ok = false; }
  }
  // No circle of files (DESIGN's house rules): cheap, so it runs whatever the filters.
  const cycles = spawnSync("node", [join(root, "scripts/check-cycles.mjs")], { cwd: root, stdio: "inherit" });
  console.log(`${cycles.status === 0 ? "✔" : "✖"} no import circles (scripts/check-cycles.mjs)`);
  if (cycles.status === 0) totals.passed++;
  else { totals.failed++; ok = false; }
  const files = find(join(root, "test"), ".test.ts").filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
  const counts = join(root, `test-results/unit-counts-${process.pid}.json`);
  mkdirSync(join(root, "test-results"), { recursive: true });
  const r = spawnSync(
    "node",
    ["--import", "tsx", "--test", "--test-concurrency=1",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      `--test-reporter=${join(root, "scripts/count-reporter.mjs")}`, `--test-reporter-destination=${counts}`,
      ...files],
    { cwd: root, stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=8192" } },
  );
  if (existsSync(counts)) {
    const c = JSON.parse(readFileSync(counts, "utf8"));
    rmSync(counts);
    totals.passed += c.passed; totals.failed += c.failed; totals.skipped += c.skipped;
    const ref = c.reference;
    console.log(`checked against live Python references (transformers, torch, numpy): ${ref.passed} passed, ${ref.failed} failed, ${ref.skipped} skipped`);
  }
  if (r.status !== 0) { ok = false; if (!existsSync(counts)) totals.failed += 1; }
}

if (runE2e) {
  const report = join(root, "test-results/e2e.json");
  rmSync(report, { force: true });
  const r = spawnSync("npx", ["playwright", "test", "--reporter=list,json", ...filters], {
    cwd: root, stdio: "inherit", env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  });
  if (existsSync(report)) {
    const s = JSON.parse(readFileSync(report, "utf8")).stats;
    totals.passed += s.expected + s.flaky; totals.failed += s.unexpected; totals.skipped += s.skipped;
  }
  if (r.status !== 0) { ok = false; if (!existsSync(report)) totals.failed += 1; }
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
