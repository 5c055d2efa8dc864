// `mlm-notebook serve`: the web mode. Prints the URL (with its token) on one line, for people and tests.
import { join } from "node:path";
import { NotebookService } from "../service/notebook-service";
import { appRoot } from "../service/paths";
import { startServer } from "../server/server";

export interface ServeCliOptions {
  port?: number;
  host?: string;
  token?: string;
  notebook?: string;
}

export async function serve(options: ServeCliOptions): Promise<void> {
  const service = await NotebookService.start({ notebook: options.notebook });
  const server = await startServer({ api: service, rendererDir: join(appRoot(), "out/renderer"), port: options.port, host: options.host, token: options.token });
  process.stdout.write(`MLM Notebook: ${server.url}\n`);
  if (server.host !== "127.0.0.1" && server.host !== "localhost" && server.host !== "::1") {
    process.stderr.write(`Warning: listening on ${server.host}, reachable from other machines; anyone with the token can run code here.\n`);
  }
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) process.exit(1);
    stopping = true;
    await server.close();
    await service.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
