// The window's transport, chosen once at start: Electron's preload bridge when present, else
// web mode's WebSocket with the token the server printed in the page's address.
import type { NotebookApi } from "../../../api/index";
import { connectWebSocket } from "./websocket";

export type TransportKind = "electron" | "web";

export interface Transport {
  kind: TransportKind;
  api: NotebookApi;
}

const TOKEN_KEY = "mlm_token";

class MissingTokenError extends Error {
  constructor() {
    super("This page needs the access token: open the full address that `mlm-notebook serve` printed (it ends in ?token=…).");
  }
}

export function pickTransport(): Transport {
  if (window.mlmNotebook) return { kind: "electron", api: window.mlmNotebook };
  const params = new URLSearchParams(location.search);
  const token = params.get("token") ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new MissingTokenError();
  // Kept for this tab so a reload still connects; taken out of the address bar so it is not shared by accident.
  sessionStorage.setItem(TOKEN_KEY, token);
  if (params.has("token")) {
    params.delete("token");
    const rest = params.toString();
    history.replaceState(null, "", location.pathname + (rest ? `?${rest}` : "") + location.hash);
  }
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return { kind: "web", api: connectWebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`).api };
}
