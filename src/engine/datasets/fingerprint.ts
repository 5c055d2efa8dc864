// Fingerprints name a dataset's content by how it was made (source files + each transform and
// its arguments), as `datasets` does, so a transform's result can be found in the cache.
import { createHash, randomBytes } from "node:crypto";

export function fingerprintOf(...parts: unknown[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? p : JSON.stringify(p) ?? "undefined").update("\0");
  return h.digest("hex").slice(0, 16);
}

/** For data without a stable origin (built in memory): never matches a cache entry. */
export function randomFingerprint(): string {
  return randomBytes(8).toString("hex");
}
