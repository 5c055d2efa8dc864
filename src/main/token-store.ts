// The Hub token at rest in the desktop app: encrypted with the OS keychain through safeStorage, in
// the user data folder. It is never written in clear by this module, nor logged.
import { safeStorage } from "electron";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export class TokenStore {
  private readonly file: string;

  constructor(userDataDir: string) {
    this.file = join(userDataDir, "hub-token.enc");
  }

  /** Encryption needs an OS keychain; without one we refuse rather than store the token in clear. */
  available(): boolean {
    return safeStorage.isEncryptionAvailable();
  }

  save(token: string): void {
    if (!this.available()) throw new Error("Cannot keep the Hub token: this system has no keychain for Electron's safeStorage. Log in again after each start, or set HF_TOKEN.");
    writeFileSync(this.file, safeStorage.encryptString(token), { mode: 0o600 });
  }

  load(): string | null {
    if (!existsSync(this.file) || !this.available()) return null;
    return safeStorage.decryptString(readFileSync(this.file));
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
