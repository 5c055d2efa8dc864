// Cooperative interrupt: the host installs a signal; engine loops call throwIfAborted() between steps.

export class InterruptedError extends Error {
  constructor(message = "Interrupted") {
    super(message);
    this.name = "InterruptedError";
  }
}

let current: AbortSignal | null = null;

export function setAbortSignal(signal: AbortSignal | null): void {
  current = signal;
}

export function currentAbortSignal(): AbortSignal | null {
  return current;
}

export function isAborted(): boolean {
  return current?.aborted ?? false;
}

export function throwIfAborted(): void {
  if (current?.aborted) throw new InterruptedError();
}
