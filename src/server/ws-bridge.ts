// The WebSocket side of NotebookApi: {id, method, args} in, {id, result | error} and {event} out.
import type { WebSocket } from "ws";
import { CALLABLE_METHODS, type CallableMethod, type NotebookApi, type WireMessage, type WireRequest as Request } from "../api/index";

const CALLABLE = new Set<string>(CALLABLE_METHODS);

export function bridge(socket: WebSocket, api: NotebookApi): void {
  const unsubscribe = api.onEvent((event) => send({ event }));
  socket.on("close", unsubscribe);
  socket.on("message", (data, isBinary) => {
    const text = isBinary ? "" : data.toString();
    let request: Request;
    try {
      request = parseRequest(text);
    } catch (e) {
      // Answer under the request's id when it had one, so the caller's promise settles.
      send({ id: idOf(text), error: { message: (e as Error).message } });
      return;
    }
    const method = api[request.method] as (...args: unknown[]) => Promise<unknown>;
    Promise.resolve()
      .then(() => method.apply(api, request.args))
      .then(
        (result) => send({ id: request.id, result: result ?? null }),
        (e: unknown) => send({ id: request.id, error: { message: e instanceof Error ? e.message : String(e) } }),
      );
  });

  function send(message: WireMessage): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }
}

function idOf(text: string): number | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === "number" ? id : null;
  } catch {
    return null;
  }
}

function parseRequest(text: string): Request {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('Messages are JSON text: {"id": number, "method": string, "args": [...]}.');
  }
  const r = raw as Partial<Request>;
  if (typeof r !== "object" || r === null || typeof r.id !== "number") throw new Error('A request needs a numeric "id".');
  if (typeof r.method !== "string" || !CALLABLE.has(r.method)) throw new Error(`Unknown method ${JSON.stringify(r.method)}; one of ${[...CALLABLE].join(", ")}.`);
  if (r.args !== undefined && !Array.isArray(r.args)) throw new Error('"args" must be an array.');
  return { id: r.id, method: r.method as CallableMethod, args: r.args ?? [] };
}
