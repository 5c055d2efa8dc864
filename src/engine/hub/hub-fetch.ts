// Every request to the Hub goes through hubFetch: huggingface_hub's timeouts (./timeouts), and
// its answer to HTTP 429: wait the Retry-After the Hub gave and try again. Only a few times and
// only for short waits, so an exhausted quota ends in a HubRateLimitError, not a cell that hangs.
import { currentAbortSignal, InterruptedError } from "../runtime/abort";
import { timedFetch, type HubRequestKind } from "./timeouts";

/** Retries after a 429, and the longest Retry-After (seconds) worth waiting for inside a cell. */
const RETRIES = 3;
const LONGEST_WAIT_S = 30;

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(res: Response): number | null {
  const value = res.headers.get("retry-after");
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function pause(ms: number): Promise<void> {
  const signal = currentAbortSignal();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const stop = (): void => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}

/** A fetch for `what` on the Hub at `hubUrl`, with the `kind`'s timeout and retries after short 429s. */
export function hubFetch(hubUrl: string, what: string, kind: HubRequestKind): typeof fetch {
  const timed = timedFetch(hubUrl, what, kind);
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const res = await timed(input, init);
      const wait = res.status === 429 ? retryAfterSeconds(res) : null;
      if (wait === null || wait > LONGEST_WAIT_S || attempt >= RETRIES) return res;
      await res.body?.cancel();
      await pause(wait * 1000);
    }
  };
}
