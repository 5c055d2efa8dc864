// One spec set, two runtimes: web mode in Debian's Chromium, and the Electron app (skipped, with the
// reason printed, where Electron's binary is missing). Specs select on data- attributes, not styling.
import { defineConfig } from "@playwright/test";
import { electronBinary } from "./e2e/support/runtimes";

const electron = electronBinary();
// Printed once, by the runner (workers set TEST_WORKER_INDEX).
if (!electron.path && !process.env.TEST_WORKER_INDEX) console.log(`electron project: skipped, ${electron.why}`);

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // The kernel, the server and the browser share a small machine: one spec at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  outputDir: "test-results/e2e",
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    { name: "chromium-web" },
    { name: "electron" },
  ],
});
