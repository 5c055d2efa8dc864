// huggingface_hub's two timeouts on every Hub request, so a Hub or proxy that accepts the
// connection and never answers ends in a message instead of a wait without end:
// HF_HUB_ETAG_TIMEOUT (seconds, default 10) for the answer to a metadata or API request, and
// HF_HUB_DOWNLOAD_TIMEOUT (seconds, default 10) for a download's answer and for each pause
// between two chunks of its body. An interrupt of the cell aborts the request as well.
import { currentAbortSignal, InterruptedError } from "../runtime/abort";
import { HubOfflineError } from "./errors";

export type HubRequestKind = "etag" | "download";

const VARIABLE = { etag: "HF_HUB_ETAG_TIMEOUT", download: "HF_HUB_DOWNLOAD_TIMEOUT" } as const;

/** The timeout in seconds: the variable when it is a positive number, else huggingface_hub's 10. */
export function hubTimeoutSeconds(kind: HubRequestKind): number {
  const value = Number(process.env[VARIABLE[kind]]);
  return Number.isFinite(value) && value > 0 ? value : 10;
}

/** No answer in time. A kind of HubOfflineError, so the callers that fall back to the cache do so here too. */
export class HubTimeoutError extends HubOfflineError {
  constructor(hubUrl: string, what: string, seconds: number, variable: string) {
    super(hubUrl, what, new Error(`no answer within ${seconds} s`));
    this.message =
      `The Hub at ${new URL(hubUrl).host} did not answer within ${seconds} s (${variable}) while fetching ${what}, and it is not in the local cache. ` +
      `Check your network or proxy (HTTPS_PROXY) and retry, raise ${variable} for a slow connection, or set HF_HUB_OFFLINE=1 to use only cached files.`;
    this.name = "HubTimeoutError";
  }
}

/**
 * A fetch for `what` on the Hub at `hubUrl`: its answer must come within the `kind`'s timeout,
 * and its body may pause no longer than HF_HUB_DOWNLOAD_TIMEOUT between chunks.
 */
export function timedFetch(hubUrl: string, what: string, kind: HubRequestKind): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const interrupt = currentAbortSignal();
    let expired: { seconds: number; variable: string } | null = null;
    const abort = (): void => controller.abort();
    interrupt?.addEventListener("abort", abort);
    init?.signal?.addEventListener("abort", abort);
    const done = (): void => {
      clearTimeout(timer);
      interrupt?.removeEventListener("abort", abort);
      init?.signal?.removeEventListener("abort", abort);
    };
    const expireAfter = (k: HubRequestKind): NodeJS.Timeout => {
      const seconds = hubTimeoutSeconds(k);
      return setTimeout(() => {
        expired = { seconds, variable: VARIABLE[k] };
        controller.abort();
      }, seconds * 1000);
    };
    // Why the request ended: the interrupt and the timeout say so; anything else is the caller's to read.
    const reason = (error: unknown): unknown =>
      interrupt?.aborted ? new InterruptedError() : expired ? new HubTimeoutError(hubUrl, what, expired.seconds, expired.variable) : error;
    if (interrupt?.aborted) throw new InterruptedError();

    let timer = expireAfter(kind);
    let res: Response;
    try {
      res = await fetch(input, { ...init, signal: controller.signal });
    } catch (error) {
      done();
      throw reason(error);
    }
    clearTimeout(timer);
    if (!res.body || init?.method === "HEAD" || [204, 205, 304].includes(res.status)) {
      done();
      return res;
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(stream) {
        timer = expireAfter("download");
        try {
          const chunk = await reader.read();
          clearTimeout(timer);
          if (chunk.done) {
            done();
            stream.close();
          } else stream.enqueue(chunk.value);
        } catch (error) {
          done();
          stream.error(reason(error));
        }
      },
      cancel(why) {
        done();
        return reader.cancel(why);
      },
    });
    const timed = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    // Callers read where the answer came from (error messages, redirects), which a new Response forgets.
    Object.defineProperty(timed, "url", { value: res.url });
    Object.defineProperty(timed, "redirected", { value: res.redirected });
    return timed;
  };
}
