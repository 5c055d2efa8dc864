// Web mode's transport: the NotebookApi over one WebSocket, as agreed with src/server:
// {id, method, args} → {id, result} | {id, error: {message}}, and {event} pushed in order.
import { CALLABLE_METHODS, type CallableMethod, type NotebookApi, type NotebookEvent, type WireMessage, type WireRequest } from "../../../api/index";

type Listener = (event: NotebookEvent) => void;
/** WebSocket.OPEN, which every implementation shares. */
const OPEN = 1;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

const RECONNECT_MS = 1000;

/** The browser's WebSocket; a test passes the `ws` package's, which has the same surface. */
export type WebSocketClass = new (url: string) => WebSocket;

export interface WebSocketTransport {
  api: NotebookApi;
  /** Closes the socket for good (no reconnecting). */
  close(): void;
}

export function connectWebSocket(url: string, Socket: WebSocketClass = WebSocket): WebSocketTransport {
  const listeners = new Set<Listener>();
  const pending = new Map<number, Pending>();
  let queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let wasOpen = false;
  let closed = false;

  const emit = (event: NotebookEvent) => { for (const l of listeners) l(event); };

  function open(): void {
    socket = new Socket(url);
    socket.onopen = () => {
      for (const frame of queue) socket.send(frame);
      queue = [];
      if (wasOpen) {
        emit({ type: "notice", level: "info", message: "Reconnected to the notebook server." });
        // The document may have changed while we were away: take it whole.
        void call("getNotebook", []).then((doc) => emit({ type: "doc", doc: doc as never }));
      }
      wasOpen = true;
    };
    socket.onmessage = (frame) => {
      const message = JSON.parse(String(frame.data)) as WireMessage;
      if ("event" in message) { emit(message.event); return; }
      // An error under no id answers a frame the server could not read: no call waits for it.
      if (message.id === null) return;
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if ("error" in message) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    };
    // A failed connection also fires close, where it is handled; `ws` would throw on an unhandled error.
    socket.onerror = () => undefined;
    socket.onclose = (close) => {
      if (closed) return;
      const why = close.code === 1006 && !wasOpen
        ? "The notebook server refused the connection (a missing or wrong token gives 401): open the address `mlm-notebook serve` printed."
        : "Lost the connection to the notebook server; reconnecting…";
      for (const waiter of pending.values()) waiter.reject(new Error(why));
      pending.clear();
      emit({ type: "notice", level: "error", message: why });
      // A server that never accepted us (bad token) will not start to: retry only after a drop.
      if (wasOpen) setTimeout(open, RECONNECT_MS);
    };
  }

  function call(method: CallableMethod, args: unknown[]): Promise<unknown> {
    const id = nextId++;
    const request: WireRequest = { id, method, args };
    const frame = JSON.stringify(request);
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (socket.readyState === OPEN) socket.send(frame);
      else queue.push(frame);
    });
  }

  open();
  const api: Record<string, unknown> = {};
  for (const method of CALLABLE_METHODS) api[method] = (...args: unknown[]) => call(method, args);
  api.onEvent = (listener: Listener) => {
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  };
  return {
    api: api as unknown as NotebookApi,
    close: () => { closed = true; socket.close(); },
  };
}
