import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { wasmSources } from "../wasm-files";
import { startServer } from "./server";

// The transport comes from the command line: --stdio, --node-ipc or --socket=<port>.
startServer(createConnection(ProposedFeatures.all), wasmSources());
