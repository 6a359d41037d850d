/**
 * Keystroke -> published diagnostics through the language server over stdio, measured by an independent
 * JSON-RPC client (the LSP protocol library, none of the server's code): it opens a large module, types an
 * origin into the CORS origin list one character at a time, and times each change until the server
 * publishes diagnostics for that document version (debounce included).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  NotificationType,
  RequestType,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

const Publish = new NotificationType<Published>("textDocument/publishDiagnostics");
const Status = new NotificationType<{ state: string }>("corsLint/status");
const Configuration = new RequestType<{ items: unknown[] }, unknown[], void>(
  "workspace/configuration",
);

/** A running server and the client's view of it. */
export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: ProtocolConnection;
  state = "idle";
  /** `$/logTrace` lines (the server sends them when started with `trace`). */
  readonly traces: string[] = [];
  private waiters: {
    uri: string;
    version: number;
    test?: (diagnostics: unknown[]) => boolean;
    resolve: () => void;
  }[] = [];
  private stateWaiters: { state: string; resolve: () => void }[] = [];

  constructor(serverJs: string, settings: Record<string, unknown>) {
    this.proc = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
        serverJs,
        "--stdio",
      ],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    this.conn = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout!),
      new StreamMessageWriter(this.proc.stdin!),
    );
    this.conn.onRequest(Configuration, (p) => p.items.map(() => settings));
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onRequest("window/workDoneProgress/create", () => null);
    this.conn.onNotification(Publish, (p) => {
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || (p.version ?? -1) < w.version) return true;
        if (w.test && !w.test(p.diagnostics)) return true;
        w.resolve();
        return false;
      });
    });
    this.conn.onNotification("$/logTrace", (p: { message: string }) => {
      this.traces.push(p.message);
    });
    this.conn.onNotification(Status, (s) => {
      this.state = s.state;
      this.stateWaiters = this.stateWaiters.filter((w) => {
        if (w.state !== s.state) return true;
        w.resolve();
        return false;
      });
    });
    this.conn.listen();
  }

  /** initialize + initialized with one workspace folder; `trace` "messages" asks for `$/logTrace` lines. */
  async start(folder: string, trace: "off" | "messages" = "off"): Promise<void> {
    const uri = pathToFileURL(folder).href;
    await this.conn.sendRequest("initialize", {
      processId: process.pid,
      rootUri: uri,
      trace,
      workspaceFolders: [{ uri, name: "bench" }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        window: { workDoneProgress: false },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.conn.sendNotification("initialized", {});
  }

  /** Resolves when diagnostics for `uri` at `version` (or later) are published (and pass `test`). */
  published(
    uri: string,
    version: number,
    test?: (diagnostics: unknown[]) => boolean,
  ): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ uri, version, test, resolve }));
  }

  /** Resolves when the server reports this state (e.g. "idle" after a scan). */
  reaches(state: string): Promise<void> {
    if (this.state === state) return Promise.resolve();
    return new Promise((resolve) => this.stateWaiters.push({ state, resolve }));
  }

  /** The server's resident memory, from /proc (Linux), in MB. */
  rssMb(): number | undefined {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, "utf8"));
      return m ? Math.round(Number(m[1]) / 1024) : undefined;
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([
        this.conn.sendRequest("shutdown"),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      const exited = new Promise((r) => this.proc.once("exit", r));
      await this.conn.sendNotification("exit");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}

/** Where to type: the offset just before the closing quote of the first origin in the list. */
function typingPoint(text: string): number {
  const marker = "https://app.example.com";
  const i = text.indexOf(marker);
  if (i < 0) throw new Error("no origin list in the typing document");
  return i + marker.length;
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}

/**
 * Opens `text` as `path`, then types into the origin list one character per change (".eu" after the first
 * host, then deletes it, and again), timing each change until its diagnostics arrive. Stops after
 * `keystrokes` or when `keepGoing()` turns false; only keystrokes started while it held are kept.
 * Returns the latencies in ms.
 */
export async function typeInto(
  client: LspClient,
  path: string,
  text: string,
  languageId: string,
  keystrokes: number,
  keepGoing: () => boolean,
): Promise<number[]> {
  const uri = pathToFileURL(path).href;
  let version = 1;
  let doc = text;
  const opened = client.published(uri, version);
  await client.conn.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId, version, text },
  });
  await opened;
  const at = typingPoint(text);
  const word = ".eu";
  const times: number[] = [];
  for (let k = 0; k < keystrokes && keepGoing(); k++) {
    // Type ".eu" after the host, then delete it, and again: the list stays valid most of the time.
    const phase = k % (word.length * 2);
    const typing = phase < word.length;
    const offset = at + (typing ? phase : word.length * 2 - phase - 1);
    const pos = positionAt(doc, offset);
    const change = typing
      ? { range: { start: pos, end: pos }, text: word[phase] }
      : { range: { start: pos, end: positionAt(doc, offset + 1) }, text: "" };
    doc = typing
      ? doc.slice(0, offset) + word[phase] + doc.slice(offset)
      : doc.slice(0, offset) + doc.slice(offset + 1);
    version++;
    const done = client.published(uri, version);
    const t = performance.now();
    await client.conn.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    await done;
    if (keepGoing()) times.push(performance.now() - t);
    // A short pause between keystrokes, as a fast typist leaves (about 12 characters a second).
    await new Promise((r) => setTimeout(r, 80));
  }
  await client.conn.sendNotification("textDocument/didClose", { textDocument: { uri } });
  return times;
}
