// Typed errors for what can go wrong between this app and the Hub; each message names the
// cause and what to do about it, since a person reads them in a notebook cell.

export class HubError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "HubError";
  }
}

/** 404 on the repo itself (or 401 without a token: the Hub hides private repos that way). */
export class RepoNotFoundError extends HubError {
  constructor(readonly repoId: string, repoType: string, status: number, hadToken: boolean) {
    super(
      `${repoType === "dataset" ? "Dataset" : "Model"} repository "${repoId}" was not found on the Hub (HTTP ${status}). ` +
        (hadToken
          ? "Check the name for typos, and that your token can read it if it is private."
          : "Check the name for typos; if it is private or gated, log in first with login({ token: \"hf_...\" })."),
      status,
    );
    this.name = "RepoNotFoundError";
  }
}

export class RevisionNotFoundError extends HubError {
  constructor(readonly repoId: string, readonly revision: string) {
    super(`Revision "${revision}" does not exist in "${repoId}". Use a branch, tag or commit that exists (default "main").`, 404);
    this.name = "RevisionNotFoundError";
  }
}

export class EntryNotFoundError extends HubError {
  /** `commit`: the commit the Hub looked in (its X-Repo-Commit), so the absence can be remembered in the cache. */
  constructor(readonly repoId: string, readonly path: string, readonly revision: string, readonly commit: string | null = null) {
    super(`File "${path}" does not exist in "${repoId}" at revision "${revision}". Check the file name and the revision.`, 404);
    this.name = "EntryNotFoundError";
  }
}

/** 401/403: a token is missing, wrong, or lacks access (private or gated repo). */
export class HubAuthError extends HubError {
  constructor(what: string, status: number, hadToken: boolean) {
    super(
      hadToken
        ? `The Hub refused access to ${what} (HTTP ${status}): your token is invalid or has no access. Log in again with a valid token, or request access on the repo page if it is gated.`
        : `The Hub refused access to ${what} (HTTP ${status}): it is private or gated and no token is set. Log in first with login({ token: "hf_..." }) or set HF_TOKEN.`,
      status,
    );
    this.name = "HubAuthError";
  }
}

/** A gated repo (the Hub's X-Error-Code GatedRepo): its conditions must be accepted on its page first. */
export class GatedRepoError extends HubError {
  constructor(readonly repoId: string, repoPage: string, status: number, hadToken: boolean) {
    super(
      `"${repoId}" is a gated repository: the Hub lets only accounts it has approved read it (HTTP ${status}). ` +
        (hadToken
          ? `Your token's account is not approved yet: open ${repoPage}, accept its conditions (or ask for access), then run the cell again.`
          : `Open ${repoPage}, accept its conditions with your account, then log in with login({ token: "hf_..." }) (or set HF_TOKEN) and run the cell again.`),
      status,
    );
    this.name = "GatedRepoError";
  }
}

/** 429: the Hub asks to slow down; `retryAfter` is its Retry-After in seconds, when it gave one. */
export class HubRateLimitError extends HubError {
  constructor(readonly what: string, readonly retryAfter: number | null, hadToken: boolean) {
    super(
      `The Hub is rate limiting requests (HTTP 429) for ${what}: ${retryAfter === null ? "wait a while" : `wait ${retryAfter} s`} and run the cell again.` +
        (hadToken ? "" : ' Logged-in requests get higher limits: login({ token: "hf_..." }).'),
      429,
    );
    this.name = "HubRateLimitError";
  }
}

/** The Hub cannot be reached and nothing usable is cached. */
export class HubOfflineError extends HubError {
  constructor(hubUrl: string, what: string, cause?: unknown) {
    const reason = cause instanceof Error ? describeNetworkError(cause) : "HF_HUB_OFFLINE is set";
    super(
      `Cannot reach the Hugging Face Hub at ${hubUrl} (${reason}) to fetch ${what}, and it is not in the local cache. ` +
        `You seem to be offline: connect and retry, or use the bundled offline sample with loadDataset("eli5_sample").`,
      null,
    );
    this.name = "HubOfflineError";
  }
}

/** A fetch that failed before any HTTP answer (refused, DNS, reset, timeout). */
export function isNetworkError(error: unknown): error is Error {
  return error instanceof TypeError && /fetch failed|network|ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/i.test(`${error.message} ${describeNetworkError(error)}`);
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
