// Serves the built renderer at app://notebook/… instead of file://, so the page has a real origin:
// Monaco's module workers and the CSP's 'self' behave as they do in web mode.
import { net, protocol } from "electron";
import { join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";

export const APP_SCHEME = "app";
export const APP_URL = `${APP_SCHEME}://notebook/index.html`;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir + sep);
  protocol.handle(APP_SCHEME, (request) => {
    const file = normalize(join(root, decodeURIComponent(new URL(request.url).pathname)));
    // Nothing outside the renderer's folder, whatever the path says.
    if (!file.startsWith(root)) return new Response("Not found", { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
