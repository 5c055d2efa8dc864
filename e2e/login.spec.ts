// The login cell (issue 7) against the Hub stand-in: a good token shows the user and is stored (web
// mode: the HF token file; the desktop app: encrypted with safeStorage, no plain file); a bad one
// shows why and stores nothing. The token never shows again.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHubStandIn, type HubStandIn } from "../test/hub-stand-in/server";
import { expect, test as base } from "./support/fixtures";
import { cell, runCell } from "./support/cells";

const test = base.extend<{ hub: HubStandIn; hfHome: string }>({
  hub: async ({}, use) => {
    const hub = await startHubStandIn();
    await use(hub);
    await hub.close();
  },
  hfHome: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), "mlm-e2e-hf-"));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  serverEnv: async ({ hub, hfHome }, use) => {
    await use({ HF_HOME: hfHome, HF_TOKEN: "", HUGGING_FACE_HUB_TOKEN: "", HF_TOKEN_PATH: "", MLM_TEST_HUB_URL: hub.url });
  },
});

test.use({ notebook: { cells: [
  { source: 'import { notebookLogin } from "mlm-notebook";\nawait notebookLogin({ hubUrl: process.env.MLM_TEST_HUB_URL });' },
] } });

test("a bad token is refused and not stored; a good one shows the user and is stored", async ({ app, hub, hfHome }, testInfo) => {
  const { page } = app;
  const tokenFile = join(hfHome, "token");
  await runCell(page, 0);
  const login = cell(page, 0).getByTestId("login-view");
  await expect(login.getByTestId("login-token")).toHaveAttribute("type", "password");

  await login.getByTestId("login-token").fill("hf_not_a_real_token_000");
  await login.getByTestId("login-submit").click();
  await expect(login.getByTestId("login-result")).toHaveAttribute("data-ok", "false");
  await expect(login.getByTestId("login-result")).toContainText("Invalid token");
  expect(existsSync(tokenFile)).toBe(false);

  await login.getByTestId("login-token").fill(hub.token);
  await login.getByTestId("login-submit").click();
  await expect(login.getByTestId("login-user")).toHaveText("tester");
  await expect(login).toContainText("stand-in-org");
  const desktop = testInfo.project.name === "electron";
  if (desktop) {
    expect(existsSync(tokenFile)).toBe(false);
    expect(readFileSync(join(app.userDataDir, "hub-token.enc")).includes(Buffer.from(hub.token))).toBe(false);
  } else {
    expect(readFileSync(tokenFile, "utf8").trim()).toBe(hub.token);
  }
  // Shown masked only; the field was emptied and the page holds the token nowhere.
  expect(await page.content()).not.toContain(hub.token);
  await login.screenshot({ path: testInfo.outputPath("login-view.png") });

  // The kernel sees the stored token: notebookLogin() run again finds the user. (The desktop app hands
  // the token to kernels as HF_TOKEN when they start: the running one is restarted first.)
  if (desktop) await page.getByTestId("restart").click();
  await runCell(page, 0);
  await expect(cell(page, 0).getByTestId("login-user")).toHaveText("tester");
  await expect(cell(page, 0).getByTestId("output-display").getByTestId("login-view")).toHaveCount(1);

  await cell(page, 0).getByTestId("logout").click();
  await expect(cell(page, 0).getByTestId("login-token")).toBeVisible();
  expect(existsSync(tokenFile)).toBe(false);
  if (desktop) expect(existsSync(join(app.userDataDir, "hub-token.enc"))).toBe(false);
  expect(app.pageErrors).toEqual([]);
  expect(app.cspViolations).toEqual([]);
});
