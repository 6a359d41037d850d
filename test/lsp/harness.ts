import { fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver-protocol/node";
import { StatusNotification, type ServerStatus } from "../../server/src/protocol";
import { pathToUri } from "../../server/src/lsp/uri";
import { ensureFreshBundles } from "../helpers/bundle";

/** The built server bundle (`node esbuild.mjs`); CORS_LINT_SERVER points elsewhere. */
export const SERVER =
  process.env.CORS_LINT_SERVER ?? join(__dirname, "..", "..", "server", "out", "server.js");

/** How long a test waits for the notification it needs before failing. */
const WAIT_MS = 10000;

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
  textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
};

interface Waiter<T> {
  test: (value: T) => boolean;
  resolve: (value: T) => void;
}

/** A real JSON-RPC connection to the built server running as a child process, plus a scratch workspace. */
export class Session {
  readonly dir: string;
  readonly conn: ProtocolConnection;
  /** What `workspace/configuration` answers for the `corsLint` section (all resources). */
  settings: Record<string, unknown> = {};
  /** Settings per workspace folder (relative name), for the resources inside it. */
  folderSettings: Record<string, Record<string, unknown>> = {};
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly progress: unknown[] = [];
  readonly shownDocuments: string[] = [];
  /** `initialize`'s trace setting: with "messages" the server sends `$/logTrace` lines (kept in `traces`). */
  trace: "off" | "messages" = "off";
  readonly traces: string[] = [];
  /** `window/logMessage` texts, in order. */
  readonly logs: string[] = [];
  /** Every publishDiagnostics received, in order. */
  readonly history: PublishDiagnosticsParams[] = [];
  private readonly child: ChildProcess;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private diagnosticWaiters: Waiter<PublishDiagnosticsParams>[] = [];
  private statusWaiters: Waiter<ServerStatus>[] = [];
  lastStatus: ServerStatus | undefined;

  /** `ipc` is how the VS Code client starts the server; `stdio` is what other editors use. */
  constructor(files: Record<string, string> = {}, transport: "stdio" | "ipc" = "stdio") {
    ensureFreshBundles();
    if (!existsSync(SERVER))
      throw new Error(`${SERVER} is missing: run \`node esbuild.mjs\` first`);
    this.dir = mkdtempSync(join(tmpdir(), "cors-lint-lsp-"));
    for (const [name, text] of Object.entries(files)) this.write(name, text);
    if (transport === "ipc") {
      this.child = fork(SERVER, ["--node-ipc"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
      this.conn = createProtocolConnection(
        new IPCMessageReader(this.child),
        new IPCMessageWriter(this.child),
      );
    } else {
      this.child = spawn(process.execPath, [SERVER, "--stdio"], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      this.conn = createProtocolConnection(
        new StreamMessageReader(this.child.stdout!),
        new StreamMessageWriter(this.child.stdin!),
      );
    }
    this.wire();
    this.conn.listen();
  }

  private wire(): void {
    this.conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.history.push(p);
      this.latest.set(p.uri, p);
      this.diagnosticWaiters = settle(this.diagnosticWaiters, p);
    });
    this.conn.onNotification(StatusNotification, (s) => {
      this.lastStatus = s;
      this.statusWaiters = settle(this.statusWaiters, s);
    });
    this.conn.onRequest(
      "workspace/configuration",
      (p: { items: { section?: string; scopeUri?: string }[] }) =>
        p.items.map((i) => {
          if (i.section !== "corsLint") return null;
          const folder = Object.keys(this.folderSettings).find((f) =>
            i.scopeUri?.startsWith(this.uri(f)),
          );
          return folder === undefined ? this.settings : this.folderSettings[folder];
        }),
    );
    this.conn.onRequest(
      "client/registerCapability",
      (p: { registrations: Session["registrations"] }) => {
        this.registrations.push(...p.registrations);
        return null;
      },
    );
    this.conn.onRequest("window/workDoneProgress/create", () => null);
    this.conn.onNotification("$/progress", (p: unknown) => {
      this.progress.push(p);
    });
    this.conn.onRequest("window/showDocument", (p: { uri: string }) => {
      this.shownDocuments.push(p.uri);
      return { success: true };
    });
    this.conn.onNotification("window/logMessage", (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.conn.onNotification("$/logTrace", (p: { message: string }) => {
      this.traces.push(p.message);
    });
  }

  /** initialize + initialized; the scratch folder is the workspace, or `folders` inside it are. */
  async start(folders: string[] = [""]): Promise<void> {
    await this.conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: this.uri(folders[0]),
      capabilities: CAPABILITIES,
      trace: this.trace,
      workspaceFolders: folders.map((f) => ({ uri: this.uri(f), name: f || "ws" })),
    });
    await this.conn.sendNotification(InitializedNotification.type, {});
  }

  /** The file URI of a workspace-relative path. */
  uri(name: string): string {
    return pathToUri(name ? join(this.dir, name) : this.dir);
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  write(name: string, text: string): void {
    mkdirSync(dirname(this.path(name)), { recursive: true });
    writeFileSync(this.path(name), text);
  }

  remove(name: string): void {
    rmSync(this.path(name));
  }

  async open(name: string, text: string, languageId = "python", version = 1): Promise<void> {
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: this.uri(name), languageId, version, text },
    });
  }

  async change(name: string, text: string, version: number): Promise<void> {
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: this.uri(name), version },
      contentChanges: [{ text }],
    });
  }

  /** The next (or latest) diagnostics of a file that satisfy the test. */
  diagnostics(
    name: string,
    test: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    const ok = (p: PublishDiagnosticsParams): boolean => p.uri === uri && test(p.diagnostics, p);
    const latest = this.latest.get(uri);
    if (latest && ok(latest)) return Promise.resolve(latest.diagnostics);
    return timeout(
      new Promise<PublishDiagnosticsParams>((resolve) =>
        this.diagnosticWaiters.push({ test: ok, resolve }),
      ),
      `diagnostics for ${name}`,
    ).then((p) => p.diagnostics);
  }

  /** The next status notification that satisfies the test (idle after a scan, for instance). */
  status(test: (s: ServerStatus) => boolean): Promise<ServerStatus> {
    return timeout(
      new Promise<ServerStatus>((resolve) => this.statusWaiters.push({ test, resolve })),
      "a status notification",
    );
  }

  async dispose(): Promise<void> {
    try {
      await timeout(this.conn.sendRequest(ShutdownRequest.type), "shutdown");
      await this.conn.sendNotification(ExitNotification.type);
    } finally {
      this.conn.dispose();
      this.child.kill();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

function settle<T>(waiters: Waiter<T>[], value: T): Waiter<T>[] {
  return waiters.filter((w) => {
    if (!w.test(value)) return true;
    w.resolve(value);
    return false;
  });
}

/** Rejects when the promise does not settle in time, naming what was awaited. */
export function timeout<T>(p: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const fail = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, fail]).finally(() => clearTimeout(timer));
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyTextEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const off = (p: { line: number; character: number }): number => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted)
    out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

/** One document's edits in a workspace edit, and the version they are bound to (undefined: unversioned). */
export function editsFor(
  edit: WorkspaceEdit | undefined,
  uri: string,
): { edits: TextEdit[]; version?: number | null } {
  for (const c of edit?.documentChanges ?? []) {
    if ("textDocument" in c && c.textDocument.uri === uri)
      return { edits: c.edits as TextEdit[], version: c.textDocument.version };
  }
  return { edits: edit?.changes?.[uri] ?? [] };
}
