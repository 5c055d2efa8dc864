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

/**
 * Node flags of the kernel process. --single-threaded-gc: onnxruntime-node hands every native
 * output back as a fresh ArrayBuffer, and that external memory sets off a full GC about every
 * 50 ms of training, whose concurrent marking threads then take cores from the native matrix
 * products' own two threads. Marking on the main thread instead made a tiny-model step ~12%
 * faster (median 153 → 134 ms; bench/RESULTS.md "Model").
 */
export const KERNEL_NODE_FLAGS = ["--single-threaded-gc"];

export const forkLauncher: KernelLauncher = (entry, options) => {
  // Output goes through IPC as stream outputs; the real stdio only shows what Node itself prints on a crash.
  // Only our flags: the kernel does not inherit the parent's loaders (tsx in tests) or inspector flags.
  const child = fork(entry, [], { execArgv: KERNEL_NODE_FLAGS, cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on("message", (m) => l(m as FromKernel)),
    onExit: (l) => child.once("exit", (code) => l(code)),
    kill: () => void child.kill("SIGKILL"),
  };
};
