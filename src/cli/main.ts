// The command line: `mlm-notebook run FILE`, `mlm-notebook export NOTEBOOK` and `mlm-notebook serve`.
import { parseArgs } from "node:util";
import { MIN_TOKEN_LENGTH, tokenProblem } from "../server/auth";
import { exportFile } from "./export";
import { runFile } from "./run";
import { serve } from "./serve";

const USAGE = `Usage:
  mlm-notebook run FILE.ipynb|FILE.ts [--backend NAME] [--verbose]
                                                         run every cell headless; exit 1 if a cell fails
  mlm-notebook export NOTEBOOK.ipynb --to ts|py|ipynb [-o FILE]
                                                         the run as a script (ts: for \`run\`; py: for transformers),
                                                         or a copy; default FILE: beside the notebook, "-": stdout
  mlm-notebook serve [--port N] [--host H] [--token T] [--notebook FILE]
                                                         web mode: the notebook in a browser
Options:
  --backend NAME   force the engine's backend (webgpu, wasm, cpu, tensorflow), as MLM_NOTEBOOK_BACKEND does
  --verbose        also show what GPU drivers print while the backend is chosen, as MLM_NOTEBOOK_VERBOSE=1 does
  --port N         0 picks a free port; default 8765, or a free one when 8765 is taken
  --host H         default 127.0.0.1 (this machine only)
  --token T        at least ${MIN_TOKEN_LENGTH} characters; default: a new random token
  --notebook FILE  open FILE (created from the offline template when it does not exist)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      notebook: { type: "string" },
      backend: { type: "string" },
      verbose: { type: "boolean" },
      to: { type: "string" },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (values.backend) process.env.MLM_NOTEBOOK_BACKEND = values.backend;
  if (values.verbose) process.env.MLM_NOTEBOOK_VERBOSE = "1";
  switch (command) {
    case "run":
      if (rest.length !== 1) throw new UsageError("run takes one file: mlm-notebook run FILE.ipynb|FILE.ts");
      return runFile(rest[0]);
    case "export":
      if (rest.length !== 1) throw new UsageError("export takes one notebook: mlm-notebook export NOTEBOOK.ipynb --to ts|py|ipynb [-o FILE]");
      return exportFile(rest[0], values.to, values.output);
    case "serve":
      if (rest.length) throw new UsageError(`serve takes no file argument (got ${rest.join(" ")}); use --notebook FILE`);
      if (values.token !== undefined && tokenProblem(values.token)) throw new UsageError(`--token ${tokenProblem(values.token)}`);
      await serve({ port: parsePort(values.port), host: values.host, token: values.token, notebook: values.notebook });
      return -1;
    default:
      throw new UsageError(`unknown command "${command}"; use run, export or serve`);
  }
}

class UsageError extends Error {}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${text}")`);
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve keeps running; everything else exits with its code once output is flushed.
    if (code >= 0) process.exitCode = code;
  },
  (e: Error) => {
    const usage = e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`mlm-notebook: ${e.message}\n${usage ? `\n${USAGE}` : ""}`);
    process.exitCode = usage ? 2 : 1;
  },
);
