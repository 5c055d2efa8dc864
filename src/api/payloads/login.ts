// MIME.login: the Hub sign-in state that the kernel's notebookLogin() found (notebook_login()).
// Never the token itself: the window signs in through NotebookApi.login, outside the kernel.

export interface LoginView {
  hubUrl: string;
  loggedIn: boolean;
  name?: string;
  orgs?: string[];
  /** The stored token, masked ("hf_…a1b2"). */
  masked?: string;
  /** Why the stored token could not be checked (offline, rejected). */
  problem?: string;
}

export function isLoginView(data: unknown): data is LoginView {
  const d = data as Partial<LoginView> | null;
  return typeof d === "object" && d !== null && typeof d.hubUrl === "string" && typeof d.loggedIn === "boolean";
}
