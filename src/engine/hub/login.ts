// login / whoAmI, as notebook_login() and HfApi.whoami(): the token is checked with the Hub
// before it is stored, and neither function ever returns or prints it.
import { HubApiError, whoAmI as hubWhoAmI } from "@huggingface/hub";
import { HubAuthError, HubOfflineError, isNetworkError } from "./errors";
import { defaultHubUrl } from "./paths";
import { hubFetch } from "./hub-fetch";
import { recordCall } from "../runtime/record";
import { checkTokenFormat, deleteToken, getToken, saveToken } from "./token";

export interface HubUser {
  name: string;
  fullname?: string;
  type: string;
  orgs: string[];
  /** The token's role ("read", "write", "fineGrained"), when the Hub says. */
  tokenRole?: string;
}

export interface LoginResult extends HubUser {
  /** Where the token was stored (huggingface_hub's token file). */
  tokenPath: string;
}

export async function whoAmI(options: { hubUrl?: string; token?: string } = {}): Promise<HubUser> {
  const hubUrl = options.hubUrl ?? defaultHubUrl();
  const token = options.token ?? getToken();
  if (!token) throw new HubAuthError("whoami", 401, false);
  checkTokenFormat(token);
  try {
    const info = await hubWhoAmI({ accessToken: token, hubUrl, fetch: hubFetch(hubUrl, "whoami", "etag") });
    const orgs = "orgs" in info ? info.orgs.map((o) => o.name) : [];
    return {
      name: info.name,
      fullname: "fullname" in info ? info.fullname : undefined,
      type: info.type,
      orgs,
      tokenRole: info.auth.accessToken?.role,
    };
  } catch (error) {
    if (error instanceof HubApiError && (error.statusCode === 401 || error.statusCode === 403)) {
      // whoami needs no access to anything: refusing it means the token itself is wrong.
      const invalid = new HubAuthError("whoami (checking the token)", error.statusCode, true);
      invalid.message = `Invalid token: the Hub at ${hubUrl} did not accept it (HTTP ${error.statusCode}). Copy a token from https://huggingface.co/settings/tokens and log in again.`;
      throw invalid;
    }
    if (isNetworkError(error)) throw new HubOfflineError(hubUrl, "whoami", error);
    throw error;
  }
}

/** Checks the token with whoami, then stores it in $HF_HOME/token (mode 0600). */
export async function login(options: { token: string; hubUrl?: string }): Promise<LoginResult> {
  const token = options.token?.trim() ?? "";
  recordCall("login", { hubUrl: options.hubUrl ?? null }); // never the token
  checkTokenFormat(token);
  const user = await whoAmI({ hubUrl: options.hubUrl, token });
  const tokenPath = await saveToken(token);
  return { ...user, tokenPath };
}

/** Forgets the stored token ($HF_HOME/token), as huggingface_hub's logout(); HF_TOKEN, if set, still applies. */
export async function logout(): Promise<void> {
  recordCall("logout", {});
  await deleteToken();
}
