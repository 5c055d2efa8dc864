// The kernel's end of the pipe to the service: Electron's utilityProcess gives `process.parentPort`,
// child_process.fork gives `process.send`. Same messages either way.
import type { FromKernel, ToKernel } from "./protocol";

interface ParentPort {
  on(event: "message", listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export interface KernelPort {
  send(message: FromKernel): void;
  onMessage(listener: (message: ToKernel) => void): void;
}

export function connectToParent(): KernelPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on("message", (e) => l(e.data as ToKernel)),
    };
  }
  if (!process.send) throw new Error("The kernel must be started by the notebook service (fork or utilityProcess), not run directly.");
  const send = process.send.bind(process);
  // The service is gone (crashed or killed): a kernel without it would linger as an orphan.
  process.on("disconnect", () => process.exit(0));
  return {
    send: (m) => void send(m),
    onMessage: (l) => process.on("message", (m) => l(m as ToKernel)),
  };
}
