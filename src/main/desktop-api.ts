// The NotebookApi as the desktop window gets it: the service's, except that the Hub token is kept
// at rest with Electron's safeStorage (the OS keychain) instead of the plain token file web mode
// and the CLI use. The token reaches the engine as HF_TOKEN in this process and in kernels started
// after the login (a kernel already running keeps the environment it started with).
import { maskToken, whoAmI } from "mlm-notebook";
import { API_METHODS, type LoginResult, type NotebookApi } from "../api/index";
import type { TokenStore } from "./token-store";


export function desktopApi(service: NotebookApi, tokens: TokenStore): NotebookApi {
  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (service[method] as (...a: unknown[]) => unknown).bind(service);
  const overrides: Pick<NotebookApi, "login" | "logout"> = {
    async login(token, hubUrl): Promise<LoginResult> {
      const clean = token.trim();
      try {
        const user = await whoAmI({ token: clean, hubUrl });
        tokens.save(clean);
        process.env.HF_TOKEN = clean;
        if (hubUrl) process.env.HF_ENDPOINT = hubUrl;
        return { ok: true, name: user.name, orgs: user.orgs, masked: maskToken(clean) };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
    async logout() {
      tokens.clear();
      delete process.env.HF_TOKEN;
      await service.logout();
    },
  };
  return Object.assign(api, overrides) as unknown as NotebookApi;
}
