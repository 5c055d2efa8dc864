// Web mode: the built window and a WebSocket to the service, on 127.0.0.1 unless told otherwise,
// and nothing at all for a request without the token.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { NotebookApi } from "../api/index";
import { authorize, newToken, tokenCookie, tokenProblem } from "./auth";
import { serveStatic } from "./static-files";
import { bridge } from "./ws-bridge";

export const DEFAULT_PORT = 8765;

export interface ServeOptions {
  api: NotebookApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Omitted: 8765, or a free port when 8765 is taken. 0: a free port. */
  port?: number;
  host?: string;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const token = options.token ?? newToken();
  const problem = tokenProblem(token);
  if (problem) throw new Error(`The server's token ${problem}.`);
  const wss = new WebSocketServer({ noServer: true });
  wss.on("connection", (socket) => bridge(socket, options.api));

  const server = createServer((req, res) => {
    const auth = authorize(req, token);
    if (!auth.ok) {
      res.writeHead(401, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("401: this MLM Notebook server needs its token. Open the URL it printed at start (…/?token=…).\n");
      return;
    }
    const headers: Record<string, string> = auth.setCookie ? { "Set-Cookie": tokenCookie(token) } : {};
    serveStatic(options.rendererDir, new URL(req.url ?? "/", "http://localhost").pathname, res, headers);
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/ws" || !authorize(req, token).ok || !sameOrigin(req)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  const port = await listen(server, options.port ?? DEFAULT_PORT, host, options.port === undefined);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    host,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A page from another site must not drive the kernel, even if it learned the token. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function listen(server: Server, port: number, host: string, fallBack: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      if (e.code === "EADDRINUSE" && fallBack && port !== 0) {
        resolve(listen(server, 0, host, false));
        return;
      }
      reject(e.code === "EADDRINUSE" ? new Error(`Port ${port} on ${host} is in use. Pick another with --port N, or --port 0 for any free port.`) : e);
    };
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
