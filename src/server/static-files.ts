// The built window (out/renderer) over HTTP: files only from inside that folder.
import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".d.ts": "text/plain; charset=utf-8",
};

export function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): void {
  const index = join(root, "index.html");
  if (!existsSync(index)) {
    res.writeHead(503, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
    res.end(`The window is not built (${index} is missing). Run \`npm run build\`, then start the server again.\n`);
    return;
  }
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    relative = "\0";
  }
  const file = normalize(join(root, relative === "/" ? "index.html" : relative));
  if (relative.includes("\0") || !file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
    res.end("Not found\n");
    return;
  }
  res.writeHead(200, {
    ...headers,
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "X-Content-Type-Options": "nosniff",
    // The HTML must not be cached: it is what carries a new build's asset names.
    "Cache-Control": file === index ? "no-store" : "no-cache",
  });
  createReadStream(file).pipe(res);
}
