import { basename } from "node:path";
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { version } from "../../../package.json";
import { initEngine, languageOf } from "../core/analyze";
import type { WasmSources } from "../core/parse/python";
import { codeActions, FIX_ALL_KIND, SHOW_DOCS_COMMAND } from "./code-actions";
import { CONFIG_NAME } from "./config-files";
import { policyHover } from "./hover";
import { Linter } from "./linter";
import { actionDocument, registerRequests } from "./requests";
import { SettingsCache } from "./settings";
import { canonicalUri, pathToUri, uriToPath } from "./uri";

/** The file globs the server watches (registered dynamically when the client allows it). */
export const WATCHED_GLOBS = [
  "**/*.{py,pyi,ts,tsx,mts,cts,js,jsx,mjs,cjs}",
  `**/${CONFIG_NAME}`,
  "**/.gitignore",
];

interface ClientCaps {
  pullConfiguration: boolean;
  dynamicWatchers: boolean;
  dynamicConfiguration: boolean;
  workspaceFolders: boolean;
  progress: boolean;
}

/** Wires a connection to the engine: documents, diagnostics, code actions, hover, workspace scan. */
export function startServer(connection: Connection, wasm: WasmSources): void {
  const documents = new TextDocuments(TextDocument);
  const caps: ClientCaps = {
    pullConfiguration: false,
    dynamicWatchers: false,
    dynamicConfiguration: false,
    workspaceFolders: false,
    progress: false,
  };
  const settings = new SettingsCache(connection, () => caps.pullConfiguration);
  const linter = new Linter(connection, documents, settings);
  const engine = initEngine(wasm);

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    await engine;
    readCapabilities(params, caps);
    linter.folders = (
      params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: "" }] : [])
    )
      .map((f) => ({ uri: f.uri, path: uriToPath(f.uri) }))
      .filter((f): f is { uri: string; path: string } => f.path !== undefined);
    return { capabilities: CAPABILITIES, serverInfo: { name: "cors-lint", version } };
  });

  /** Settings or a config file changed: files whose configuration changed are analysed again. */
  const revalidate = async (): Promise<void> => {
    linter.configs.invalidate();
    linter.forgetDisk();
    await linter.revalidateOpen();
    await scanWithProgress(connection, linter, caps);
    publishConfigDiagnostics(connection, linter);
  };
  const rescan = (): Promise<void> => {
    linter.scanner.reset();
    return revalidate();
  };

  connection.onInitialized(async () => {
    connection.console.info(
      `cors-lint ${version} language server started (Node ${process.version}, ${linter.folders.length} workspace folder${linter.folders.length === 1 ? "" : "s"})`,
    );
    await registerDynamic(connection, caps);
    if (caps.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        linter.folders = linter.folders.filter((f) => !removed.has(f.uri));
        for (const f of e.added) {
          const path = uriToPath(f.uri);
          if (path) linter.folders.push({ uri: f.uri, path });
        }
        void revalidate();
      });
    }
    await scanWithProgress(connection, linter, caps);
    publishConfigDiagnostics(connection, linter);
  });
  connection.onDidChangeConfiguration((e) => {
    settings.invalidate(e.settings);
    void revalidate();
  });
  connection.onDidChangeWatchedFiles(
    (e) => void watchedFilesChanged(e.changes, linter, revalidate),
  );
  registerDocumentEvents(documents, linter, settings);
  registerFeatures(connection, linter);
  registerRequests(connection, linter, rescan);
  documents.listen(connection);
  connection.listen();
}

const CAPABILITIES: InitializeResult["capabilities"] = {
  textDocumentSync: {
    openClose: true,
    change: TextDocumentSyncKind.Incremental,
    save: { includeText: false },
  },
  codeActionProvider: {
    codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
    resolveProvider: false,
  },
  hoverProvider: true,
  executeCommandProvider: { commands: [SHOW_DOCS_COMMAND] },
  workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
};

async function registerDynamic(connection: Connection, caps: ClientCaps): Promise<void> {
  if (caps.dynamicWatchers) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })),
    });
  }
  if (caps.dynamicConfiguration) {
    await connection.client.register(DidChangeConfigurationNotification.type, {
      section: "corsLint",
    });
  }
}

/** Open documents: analysed at once when opened, then as typed (debounced) or when saved. */
function registerDocumentEvents(
  documents: TextDocuments<TextDocument>,
  linter: Linter,
  settings: SettingsCache,
): void {
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    justOpened.add(e.document.uri);
    linter.schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent(async (e) => {
    if (justOpened.delete(e.document.uri)) return;
    const s = await settings.get(e.document.uri);
    if (s.run === "onType") linter.schedule(e.document.uri);
  });
  documents.onDidSave(async (e) => {
    const s = await settings.get(e.document.uri);
    if (s.run === "onSave") linter.schedule(e.document.uri, 0);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    void linter.closed(e.document.uri);
  });
}

/** Code actions, hover and the server's command. */
function registerFeatures(connection: Connection, linter: Linter): void {
  connection.onCodeAction(async (params, token) => {
    const doc = await actionDocument(linter, params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return null;
    return codeActions(params, doc);
  });
  connection.onHover(async (params, token) => {
    const uri = params.textDocument.uri;
    const doc = linter.documents.get(uri);
    let result = linter.store.get(canonicalUri(uri));
    if (doc && result?.version !== doc.version) result = await linter.validateOpen(uri);
    if (!result || token.isCancellationRequested) return null;
    return policyHover(result, result.map.offset(params.position));
  });
  connection.onExecuteCommand(async (params) => {
    const url = params.arguments?.[0];
    if (params.command === SHOW_DOCS_COMMAND && typeof url === "string") {
      await connection.window.showDocument({ uri: url, external: true });
    }
  });
}

function readCapabilities(params: InitializeParams, caps: ClientCaps): void {
  const c = params.capabilities;
  caps.pullConfiguration = !!c.workspace?.configuration;
  caps.dynamicWatchers = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  caps.dynamicConfiguration = !!c.workspace?.didChangeConfiguration?.dynamicRegistration;
  caps.workspaceFolders = !!c.workspace?.workspaceFolders;
  caps.progress = !!c.window?.workDoneProgress;
}

async function scanWithProgress(
  connection: Connection,
  linter: Linter,
  caps: ClientCaps,
): Promise<void> {
  // Without folders the scan is empty, but it still ends with a status push the client waits for.
  const reporter =
    caps.progress && linter.folders.length
      ? await connection.window.createWorkDoneProgress()
      : undefined;
  reporter?.begin("CORS Lint", 0, "Scanning the workspace", false);
  try {
    await linter.scan((done, total) =>
      reporter?.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} files`),
    );
  } finally {
    reporter?.done();
  }
}

function publishConfigDiagnostics(connection: Connection, linter: Linter): void {
  // The scan thread read some config files: their diagnostics are read (and published) here.
  const paths = new Set([...linter.configs.loadedPaths(), ...linter.scanner.configPaths]);
  for (const path of paths) {
    const diagnostics = linter.configs.diagnostics(path);
    for (const d of diagnostics)
      connection.console.warn(`${path}:${d.range.start.line + 1}: ${d.message}`);
    linter.publishRaw(pathToUri(path), diagnostics);
  }
}

async function watchedFilesChanged(
  changes: FileEvent[],
  linter: Linter,
  revalidate: () => Promise<void>,
): Promise<void> {
  let fullRescan = false;
  let walkAgain = false;
  // Files came or went: the project model's existence checks and roots are asked again.
  linter.forgetDisk();
  for (const c of changes) {
    const path = uriToPath(c.uri);
    if (!path) continue;
    const name = basename(path);
    if (name === CONFIG_NAME) {
      fullRescan = true;
      if (c.type === FileChangeType.Deleted) linter.publishRaw(c.uri, []);
    } else if (name === ".gitignore" || !languageOf(name)) {
      walkAgain = true;
    } else if (c.type === FileChangeType.Created) {
      walkAgain = true;
    } else if (c.type === FileChangeType.Deleted) {
      if (!linter.openDocument(path)) linter.scanner.fileDeleted(path);
    } else {
      const folder = linter.folderOf(path);
      linter.diskChanged(path);
      if (folder) await linter.scanner.fileChanged(path, folder);
    }
  }
  if (fullRescan) await revalidate();
  else if (walkAgain) await linter.scan();
}
