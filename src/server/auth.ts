// Web mode's one secret: a token in the URL, then an HttpOnly cookie so the page's assets load.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const TOKEN_COOKIE = "mlm_token";

/** A token anyone could guess gives them the kernel: newToken's are 32 characters. */
export const MIN_TOKEN_LENGTH = 16;

export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

/** Why a chosen token cannot guard the server, or null when it can. */
export function tokenProblem(token: string): string | null {
  const length = token.trim().length;
  return length >= MIN_TOKEN_LENGTH ? null : `must be at least ${MIN_TOKEN_LENGTH} characters (got ${length}); leave it out for a random one`;
}

/** Constant time, whatever the lengths: both sides are hashed to 32 bytes first. An empty token matches nothing. */
export function sameToken(given: string, expected: string): boolean {
  if (given === "" || expected === "") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface AuthResult {
  ok: boolean;
  /** The token came in the query: answer with the cookie so later requests need not carry it. */
  setCookie: boolean;
}

export function authorize(req: IncomingMessage, expected: string): AuthResult {
  const url = new URL(req.url ?? "/", "http://localhost");
  const query = url.searchParams.get("token");
  if (query !== null && sameToken(query, expected)) return { ok: true, setCookie: true };
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ") && sameToken(header.slice(7).trim(), expected)) return { ok: true, setCookie: false };
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie !== null && sameToken(cookie, expected)) return { ok: true, setCookie: false };
  return { ok: false, setCookie: false };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}
