// The NotebookApi as the desktop window gets it: the service's, with the Hub token also kept
// encrypted by safeStorage, so the next start can log in again without the token file.
import { API_METHODS, type NotebookApi } from "../api/index";
import type { TokenStore } from "./token-store";

export function desktopApi(service: NotebookApi, tokens: TokenStore): NotebookApi {
  const api = {} as Record<string, unknown>;
  for (const method of API_METHODS) api[method] = (service[method] as (...a: unknown[]) => unknown).bind(service);
  const overrides: Pick<NotebookApi, "login" | "logout"> = {
    async login(token, hubUrl) {
      const result = await service.login(token, hubUrl);
      if (result.ok && tokens.available()) tokens.save(token.trim());
      return result;
    },
    async logout() {
      await service.logout();
      tokens.clear();
    },
  };
  return Object.assign(api, overrides) as unknown as NotebookApi;
}
