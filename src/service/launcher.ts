// How the service starts a kernel process. Web mode and the CLI fork a Node child; the desktop app
// passes an adapter over Electron's utilityProcess (src/main). Both carry the same messages.
import { fork } from "node:child_process";
import type { FromKernel, ToKernel } from "../kernel/protocol";

export interface KernelChannel {
  send(message: ToKernel): void;
  onMessage(listener: (message: FromKernel) => void): void;
  /** Called once when the process ends, for any reason (exit code, or null when killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process at once (SIGKILL): a kernel stuck in `while (true) {}` cannot do anything else. */
  kill(): void;
}

export interface KernelLaunchOptions {
  /** The kernel's working directory: the notebook's folder, so relative paths in cells are the notebook's. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export type KernelLauncher = (entry: string, options: KernelLaunchOptions) => KernelChannel;

export const forkLauncher: KernelLauncher = (entry, options) => {
  // Output goes through IPC as stream outputs; the real stdio only shows what Node itself prints on a crash.
  // execArgv: [] so the kernel does not inherit the parent's loaders (tsx in tests) or inspector flags.
  const child = fork(entry, [], { execArgv: [], cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on("message", (m) => l(m as FromKernel)),
    onExit: (l) => child.once("exit", (code) => l(code)),
    kill: () => void child.kill("SIGKILL"),
  };
};
