// The Hub login cell, as notebook_login(): the state the kernel's notebookLogin() found, a masked
// token field, and on success the user name and orgs from whoami. The token goes to the back once,
// through NotebookApi.login (never through the kernel), and is not kept in the page.
import { useRef, useState } from "react";
import { isLoginView, type LoginResult, type LoginView as LoginPayload } from "../../../api/index";
import type { ViewProps } from "./view";

function initialState(p: LoginPayload | null): LoginResult | null {
  if (!p) return null;
  if (p.loggedIn) return { ok: true, name: p.name, orgs: p.orgs, masked: p.masked };
  if (p.problem) return { ok: false, message: p.problem, masked: p.masked };
  return null;
}

export function LoginView({ data, api }: ViewProps) {
  const payload = isLoginView(data) ? data : null;
  const hubUrl = payload?.hubUrl;
  const [state, setState] = useState<LoginResult | null>(() => initialState(payload));
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const submit = async () => {
    const token = field.current?.value ?? "";
    if (field.current) field.current.value = "";
    if (!token.trim()) { setState({ ok: false, message: "Paste a token from your Hugging Face settings (Access Tokens) first." }); return; }
    setBusy(true);
    try { setState(await api.login(token, hubUrl)); } catch (e) { setState({ ok: false, message: e instanceof Error ? e.message : String(e) }); }
    setBusy(false);
  };
  const logout = async () => { await api.logout(); setState(await api.loginStatus()); };

  return (
    <div className="login-view" data-testid="login-view">
      {state?.ok ? (
        <div className="login-ok" data-testid="login-result" data-ok="true">
          Logged in as <b data-testid="login-user">{state.name}</b>
          {state.orgs && state.orgs.length > 0 && <> · orgs: {state.orgs.join(", ")}</>}
          {state.masked && <> · token <code>{state.masked}</code></>}
          <button type="button" data-testid="logout" onClick={() => void logout()}>Log out</button>
        </div>
      ) : (
        <form className="login-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <label>
            Hugging Face token{hubUrl ? ` for ${hubUrl}` : ""}
            <input ref={field} type="password" autoComplete="off" spellCheck={false} placeholder="hf_…" data-testid="login-token" />
          </label>
          <button type="submit" disabled={busy} data-testid="login-submit">{busy ? "Checking…" : "Log in"}</button>
          {state && !state.ok && state.message && <div className="login-error" data-testid="login-result" data-ok="false">{state.message}</div>}
        </form>
      )}
    </div>
  );
}
