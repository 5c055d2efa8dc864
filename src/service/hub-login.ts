// Hub login for the window: the engine's login/whoAmI run here in the service process (the token
// file is shared with the kernel's engine); only a masked token ever goes back to the window.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { LoginResult } from "../api/index";

type Engine = typeof import("mlm-notebook");

/** Loaded on first use: the engine pulls in tfjs, which a notebook service that never logs in need not pay for. */
async function engine(): Promise<Engine> {
  return (await import("mlm-notebook")) as Engine;
}

export async function hubLogin(token: string, hubUrl?: string): Promise<LoginResult> {
  const e = await engine();
  try {
    const user = await e.login({ token, hubUrl });
    return { ok: true, name: user.name, orgs: user.orgs, masked: e.maskToken(token.trim()) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

export async function hubLoginStatus(hubUrl?: string): Promise<LoginResult> {
  const e = await engine();
  const token = e.getToken();
  if (!token) return { ok: false, message: "Not logged in to the Hugging Face Hub. Paste a token from https://huggingface.co/settings/tokens to log in." };
  try {
    const user = await e.whoAmI({ hubUrl });
    return { ok: true, name: user.name, orgs: user.orgs, masked: e.maskToken(token) };
  } catch (err) {
    return { ok: false, message: (err as Error).message, masked: e.maskToken(token) };
  }
}

/** Removes the stored token file (as `huggingface-cli logout`); HF_TOKEN in the environment stays. */
export async function hubLogout(): Promise<void> {
  const e = await engine();
  // The engine does not export its tokenPath(); this mirrors it (HF_TOKEN_PATH, else $HF_HOME/token).
  await rm(process.env.HF_TOKEN_PATH || join(e.hfHome(), "token"), { force: true });
}
