import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { enableCompileCache } from "../compile-cache";
import { wasmSources } from "../wasm-files";
import { isScanWorker, serveScanWorker } from "./scan-worker";
import { startServer } from "./server";

// A stray rejection or exception must not end the process (Node's default): the editor would lose
// its diagnostics. stderr reaches the client's "CORS Lint" output channel.
process.on("unhandledRejection", (e) => {
  process.stderr.write(`cors-lint: unhandled rejection: ${(e as Error)?.stack ?? String(e)}\n`);
});
process.on("uncaughtException", (e) => {
  process.stderr.write(`cors-lint: unexpected exception: ${e?.stack ?? String(e)}\n`);
});

enableCompileCache();

// The same bundle runs the workspace scan on a worker thread (scan-worker.ts).
if (isScanWorker()) void serveScanWorker();
// The transport comes from the command line: --stdio, --node-ipc or --socket=<port>.
else startServer(createConnection(ProposedFeatures.all), wasmSources());
