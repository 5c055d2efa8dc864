// Web mode's wire: NotebookApi over one WebSocket, as JSON text frames. Both ends read it here:
// src/server/ws-bridge.ts answers requests, src/renderer/src/transport/websocket.ts sends them.
import { API_METHODS } from "./api";
import type { NotebookEvent } from "./events";

/** Every NotebookApi method but onEvent, which is the server's pushed {event} messages instead. */
export type CallableMethod = Exclude<(typeof API_METHODS)[number], "onEvent">;

export const CALLABLE_METHODS: readonly CallableMethod[] = API_METHODS.filter((m): m is CallableMethod => m !== "onEvent");

/** Window → server: one call. */
export interface WireRequest {
  id: number;
  method: CallableMethod;
  args: unknown[];
}

/** Server → window: a call's result or error (under its id; null when the request had none), or an event. */
export type WireMessage =
  | { id: number; result: unknown }
  | { id: number | null; error: { message: string } }
  | { event: NotebookEvent };
