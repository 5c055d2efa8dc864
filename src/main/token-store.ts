// The Hub token at rest in the desktop app: encrypted with the OS keychain through Electron's
// safeStorage, in the user data folder. It is never written in clear by this module, nor logged.
// safeStorage comes in as a Keychain (main passes Electron's own), so these rules are unit tested.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The part of Electron's safeStorage the store uses. */
export interface Keychain {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const TOKEN_FILE = "hub-token.enc";

export class TokenStore {
  private readonly file: string;

  constructor(
    userDataDir: string,
    private readonly keychain: Keychain,
  ) {
    this.file = join(userDataDir, TOKEN_FILE);
  }

  /** Encryption needs an OS keychain; without one we refuse rather than store the token in clear. */
  available(): boolean {
    return this.keychain.isEncryptionAvailable();
  }

  save(token: string): void {
    if (!this.available()) {
      throw new Error("Cannot keep the Hub token: this system has no keychain for Electron's safeStorage. Start one (GNOME Keyring, KWallet) and log in again, or set HF_TOKEN in the environment before starting the app.");
    }
    writeFileSync(this.file, this.keychain.encryptString(token), { mode: 0o600 });
  }

  /**
   * The kept token, or null when there is none or it cannot be read back (a file from another
   * keychain, or damaged): the app then starts logged out, and the next login replaces the file.
   */
  load(): string | null {
    if (!existsSync(this.file) || !this.available()) return null;
    try {
      return this.keychain.decryptString(readFileSync(this.file));
    } catch {
      return null;
    }
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
