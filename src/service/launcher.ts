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

/**
 * glibc malloc settings of the kernel process. The same output copies (~1 GiB a DistilRoBERTa
 * step) with glibc's adaptive thresholds sometimes land on fresh pages every step: 35–74K page
 * faults a step at ~15 µs each on a VM, steps ~1.6× slower, in 3 of 15 runs of
 * `node --single-threaded-gc --import tsx bench/model/train-step.ts distil 3 8`. A fixed 64 MiB
 * mmap threshold and a 512 MiB trim threshold keep them on the heap: 517–2,161 faults a step in
 * all 7 runs with them, peak RSS 1–3% higher (bench/RESULTS.md, issue 19).
 */
export const KERNEL_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: "67108864", MALLOC_TRIM_THRESHOLD_: "536870912" };

/** The kernel's environment: the malloc settings under the given one, so a person's own MALLOC_* win. */
export function kernelEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...KERNEL_MALLOC_ENV, ...env };
}

export const forkLauncher: KernelLauncher = (entry, options) => {
  // Output goes through IPC as stream outputs; the real stdio only shows what Node itself prints on a crash.
  // Only our flags: the kernel does not inherit the parent's loaders (tsx in tests) or inspector flags.
  const child = fork(entry, [], { execArgv: KERNEL_NODE_FLAGS, cwd: options.cwd, env: kernelEnv(options.env ?? process.env), stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" });
  return {
    send: (m) => {
      if (child.connected) child.send(m);
    },
    onMessage: (l) => child.on("message", (m) => l(m as FromKernel)),
    onExit: (l) => child.once("exit", (code) => l(code)),
    kill: () => void child.kill("SIGKILL"),
  };
};
