/** The Electron binary's path, or a sentence saying why there is none. */
export function electronBinary(): { path?: string; why?: string };
