// Stand-ins for the Electron objects src/main takes at its seams, with Electron's semantics where
// the code relies on them: a keychain that really encrypts, and an IPC pair that clones what it
// carries (as structured clone over IPC does) and refuses a second handler for one channel.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { API_METHODS, type NotebookApi, type NotebookEvent } from "../../src/api/index";
import type { InvokeEvent, IpcMainLike, IpcWindow } from "../../src/main/ipc";
import type { Keychain } from "../../src/main/token-store";
import type { IpcLike } from "../../src/preload/bridge";

/** safeStorage's contract with a key only this object holds: AES-256-GCM, IV and tag beside the text. */
export function aesKeychain(): Keychain & { available: boolean } {
  const key = randomBytes(32);
  return {
    available: true,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plainText, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv("aes-256-gcm", key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

type Listener = (event: unknown, ...args: unknown[]) => void;

/** ipcMain, one window and that window's ipcRenderer, joined in memory. */
export function ipcPair() {
  const handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => unknown>();
  const listeners = new Map<string, Set<Listener>>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  const webContents = {
    send(channel: string, event: NotebookEvent) {
      for (const l of listeners.get(channel) ?? []) l({ sender: "ipcRenderer event" }, structuredClone(event));
    },
  };
  const window: IpcWindow & { destroyed: boolean } = {
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    webContents,
  };
  /** The renderer's side; `from` stands for the page that sends (another window's, to test refusal). */
  const renderer = (from: unknown = webContents): IpcLike => ({
    async invoke(channel, ...args) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await handler({ sender: from }, ...structuredClone(args)));
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  });
  return { ipcMain, window, renderer, handlers, listeners };
}

/** A NotebookApi that records each call and answers with what it was asked; `emit` plays the service's events. */
export function recordingApi() {
  const calls: { method: string; args: unknown[] }[] = [];
  const listeners = new Set<(event: NotebookEvent) => void>();
  const api = new Proxy({} as NotebookApi, {
    get(_target, method: string) {
      if (!(API_METHODS as readonly string[]).includes(method)) return undefined;
      if (method === "onEvent") {
        return (listener: (event: NotebookEvent) => void) => {
          listeners.add(listener);
          return () => void listeners.delete(listener);
        };
      }
      return async (...args: unknown[]) => {
        calls.push({ method, args });
        return { method, args };
      };
    },
  });
  const emit = (event: NotebookEvent) => listeners.forEach((l) => l(event));
  return { api, calls, listeners, emit };
}
