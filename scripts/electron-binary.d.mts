/** The command that fetches Electron's binary later. */
export const FETCH_LATER: string;
/** Whether ELECTRON_SKIP_BINARY_DOWNLOAD asks npm not to download the binary. */
export function skipRequested(): boolean;
/** The electron package's folder, or null when it is not installed. */
export function electronPackage(): string | null;
/** The Electron binary's path, or a sentence saying why there is none. */
export function electronBinary(): { path?: string; why?: string };
