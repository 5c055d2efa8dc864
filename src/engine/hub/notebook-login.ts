// notebookLogin(): the notebook's `notebook_login()`. It shows the sign-in state as a view of
// its own (the window draws a token field there and signs in through NotebookApi.login, outside
// the kernel); the token itself never enters the output.
import { MIME } from "../../api/mime";
import type { LoginView } from "../../api/payloads/login";
import { display } from "../runtime/display";
import { recordCall } from "../runtime/record";
import { HubAuthError, HubOfflineError } from "./errors";
import { whoAmI } from "./login";
import { defaultHubUrl } from "./paths";
import { getToken } from "./token";

export type { LoginView };

/** The login view's MIME type, under the engine's name for it. */
export const LOGIN_MIME = MIME.login;

/** The one way a token is shown anywhere (window, notebook output): its prefix and last 4 characters. */
export function maskToken(token: string): string {
  return `${token.slice(0, 3)}…${token.slice(-4)}`;
}

export async function notebookLogin(options: { hubUrl?: string } = {}): Promise<LoginView> {
  const hubUrl = options.hubUrl ?? defaultHubUrl();
  recordCall("notebookLogin", options.hubUrl ? { hubUrl } : {});
  const token = getToken();
  let view: LoginView = { hubUrl, loggedIn: false };
  if (token) {
    try {
      const user = await whoAmI({ hubUrl, token });
      view = { hubUrl, loggedIn: true, name: user.name, orgs: user.orgs, masked: maskToken(token) };
    } catch (error) {
      if (!(error instanceof HubAuthError || error instanceof HubOfflineError)) throw error;
      view = { hubUrl, loggedIn: false, masked: maskToken(token), problem: error.message };
    }
  }
  const text = view.loggedIn
    ? `Logged in to ${hubUrl} as ${view.name}${view.orgs?.length ? ` (orgs: ${view.orgs.join(", ")})` : ""}.`
    : view.problem
      ? `A token is stored (${view.masked}) but could not be checked: ${view.problem}`
      : `Not logged in to ${hubUrl}. Enter a token (https://huggingface.co/settings/tokens) to download gated data or push models; nothing offline needs one.`;
  display({ [LOGIN_MIME]: view, "text/plain": text });
  return view;
}
