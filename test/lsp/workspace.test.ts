import assert from "node:assert/strict";
import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  CodeActionRequest,
  type Command,
  type Diagnostic,
  type TextDocumentEdit,
  type TextEdit,
} from "vscode-languageserver-protocol/node";
import {
  FixAllRequest,
  OriginSuggestionsRequest,
  RescanRequest,
  RestrictOriginsRequest,
  RulesRequest,
  WorkspacePoliciesRequest,
  WorkspaceProblemsRequest,
} from "../../server/src/protocol";
import { applyTextEdits, editsFor, Session } from "./harness";

const HEAD = "from fastapi.middleware.cors import CORSMiddleware\n";
const WILD = HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n';
const SLASH =
  HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com/"])\n';
const CLEAN =
  HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])\n';

const codes = (d: Diagnostic[]): unknown[] => d.map((x) => x.code);

describe("language server: workspace scope", function () {
  this.timeout(30000);
  let s: Session | undefined;

  afterEach(() => s?.dispose());

  async function started(files: Record<string, string>): Promise<Session> {
    s = new Session(files);
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    return s;
  }

  async function watched(session: Session, changes: [string, FileChangeType][]): Promise<void> {
    await session.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: changes.map(([name, type]) => ({ uri: session.uri(name), type })),
    });
  }

  it("lists never-opened files, skipping .gitignore, default excludes and corsLint.exclude", async () => {
    s = new Session({
      "api/main.py": WILD,
      "api/other.py": SLASH,
      "generated/gen.py": WILD,
      "legacy/old.py": WILD,
      "node_modules/pkg/x.py": WILD,
      ".gitignore": "generated/\n",
    });
    s.settings = { exclude: ["legacy/**"] };
    await s.start();
    assert.deepEqual(codes(await s.diagnostics("api/main.py", (d) => d.length > 0)), [
      "wildcard-origin",
    ]);
    assert.deepEqual(codes(await s.diagnostics("api/other.py", (d) => d.length > 0)), [
      "unmatchable-origin",
    ]);
    await s.status((st) => st.state === "idle");
    const problems = await s.conn.sendRequest(WorkspaceProblemsRequest);
    assert.deepEqual(
      problems.map((p) => [p.uri.slice(s!.uri("").length + 1), p.rule, p.severity]),
      [
        ["api/main.py", "wildcard-origin", "warning"],
        ["api/other.py", "unmatchable-origin", "warning"],
      ],
    );
    assert.ok(s.registrations.some((r) => r.method === "workspace/didChangeWatchedFiles"));
    assert.ok(s.progress.length >= 2, "the first scan reports work-done progress");
  });

  it("does not re-read a file whose mtime and size did not change", async () => {
    const stamp = new Date("2026-01-01T00:00:00Z");
    s = new Session({ "main.py": WILD });
    utimesSync(s.path("main.py"), stamp, stamp);
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    const session = s;
    session.write("main.py", WILD.replace('["*"]', "[   ]"));
    utimesSync(session.path("main.py"), stamp, stamp);
    const rescanned = session.status((st) => st.state === "idle");
    await watched(session, [[".gitignore", FileChangeType.Created]]);
    assert.equal((await rescanned).problems, 1, "the cached result stands");
    utimesSync(session.path("main.py"), new Date(), new Date());
    await watched(session, [["main.py", FileChangeType.Changed]]);
    assert.deepEqual(await session.diagnostics("main.py", (d) => d.length === 0), []);
  });

  it("follows files created, changed and deleted on disk", async () => {
    const session = await started({ "main.py": WILD });
    session.write("new.py", SLASH);
    await watched(session, [["new.py", FileChangeType.Created]]);
    assert.deepEqual(codes(await session.diagnostics("new.py", (d) => d.length > 0)), [
      "unmatchable-origin",
    ]);
    session.write("main.py", CLEAN);
    await watched(session, [["main.py", FileChangeType.Changed]]);
    assert.deepEqual(await session.diagnostics("main.py", (d) => d.length === 0), []);
    const before = session.history.length;
    session.remove("new.py");
    await watched(session, [["new.py", FileChangeType.Deleted]]);
    await session.diagnostics("new.py", (d) => d.length === 0);
    assert.deepEqual(
      session.history.slice(before).map((p) => p.uri),
      [session.uri("new.py")],
      "only the deleted file is published again",
    );
  });

  it("a closed document gets its on-disk result back", async () => {
    const session = await started({ "main.py": WILD });
    await session.open("main.py", CLEAN);
    await session.diagnostics("main.py", (d, p) => p.version === 1 && d.length === 0);
    await session.conn.sendNotification("textDocument/didClose", {
      textDocument: { uri: session.uri("main.py") },
    });
    assert.deepEqual(codes(await session.diagnostics("main.py", (d) => d.length > 0)), [
      "wildcard-origin",
    ]);
  });

  it("with corsLint.scope = openFiles, only open documents get diagnostics", async () => {
    s = new Session({ "main.py": WILD });
    s.settings = { scope: "openFiles" };
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    assert.equal((await idle).problems, 0);
    await s.open("open.py", WILD);
    await s.diagnostics("open.py", (d) => d.length === 1);
    const problems = await s.conn.sendRequest(WorkspaceProblemsRequest);
    assert.deepEqual(
      problems.map((p) => p.uri),
      [s.uri("open.py")],
    );
    await s.conn.sendNotification("textDocument/didClose", {
      textDocument: { uri: s.uri("open.py") },
    });
    assert.deepEqual(await s.diagnostics("open.py", (d) => d.length === 0), []);
  });

  it("with corsLint.run = onSave, an edited document is analysed when it is saved", async () => {
    s = new Session();
    s.settings = { run: "onSave", scope: "openFiles" };
    await s.start();
    await s.open("app.py", CLEAN);
    assert.deepEqual(await s.diagnostics("app.py", (_d, p) => p.version === 1), []);
    await s.change("app.py", WILD, 2);
    await s.conn.sendNotification("textDocument/didSave", {
      textDocument: { uri: s.uri("app.py") },
    });
    const d = await s.diagnostics("app.py", (_d, p) => p.version === 2);
    assert.deepEqual(codes(d), ["wildcard-origin"]);
  });

  it("multi-root: each folder gets its own settings and .cors-lint.json", async () => {
    s = new Session({
      "a/main.py": WILD,
      "a/.cors-lint.json": '{ "rules": { "wildcard-origin": "error" } }',
      "b/main.py": WILD,
      "b/slash.py": SLASH,
      "outside/main.py": WILD,
    });
    s.folderSettings = { b: { exclude: ["slash.py"] } };
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start(["a", "b"]);
    await idle;
    const problems = await s.conn.sendRequest(WorkspaceProblemsRequest);
    assert.deepEqual(
      problems.map((p) => [p.uri.slice(s!.uri("").length + 1), p.rule, p.severity]),
      [
        ["a/main.py", "wildcard-origin", "error"],
        ["b/main.py", "wildcard-origin", "warning"],
      ],
    );
  });

  it("re-validates on settings changes", async () => {
    const session = await started({ "main.py": WILD });
    await session.open("open.py", WILD);
    await session.diagnostics("open.py", (d) => d.length === 1 && d[0].severity === 2);
    session.settings = { rules: { "wildcard-origin": "error" } };
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await session.diagnostics("open.py", (d) => d.length === 1 && d[0].severity === 1);
    await session.diagnostics("main.py", (d) => d.length === 1 && d[0].severity === 1);
    session.settings = { enable: false };
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await session.diagnostics("open.py", (d) => d.length === 0);
    await session.diagnostics("main.py", (d) => d.length === 0);
  });

  it("re-validates when .cors-lint.json changes; the config file wins over settings", async () => {
    const session = await started({ "main.py": WILD });
    session.settings = { rules: { "wildcard-origin": "error" } };
    session.write(".cors-lint.json", '{ "rules": { "wildcard-origin": "off" } }');
    await watched(session, [[".cors-lint.json", FileChangeType.Created]]);
    await session.diagnostics("main.py", (d) => d.length === 0);
  });

  it("reports a malformed .cors-lint.json on that file and goes on with the defaults", async () => {
    const session = await started({ "main.py": WILD, "other.py": SLASH });
    session.write(
      ".cors-lint.json",
      '{\n  "rules": { "wildcard-origin": "warn" },\n  "productionOrigins": [\n',
    );
    await watched(session, [[".cors-lint.json", FileChangeType.Changed]]);
    const broken = await session.diagnostics(".cors-lint.json", (d) => d.length > 0);
    assert.ok(
      broken.every(
        (d) => d.source === "cors-lint" && d.code === "invalid-config" && d.severity === 1,
      ),
    );
    assert.match(String(broken[0].message), /invalid JSON/);
    assert.deepEqual(codes(await session.diagnostics("main.py")), ["wildcard-origin"]);
    assert.deepEqual(codes(await session.diagnostics("other.py")), ["unmatchable-origin"]);
    session.write(".cors-lint.json", '{ "rules": { "wildcard-origin": "warn" } }');
    await watched(session, [[".cors-lint.json", FileChangeType.Changed]]);
    const [bad] = await session.diagnostics(
      ".cors-lint.json",
      (d) => d.length === 1 && /must be one of/.test(String(d[0].message)),
    );
    assert.deepEqual(bad.range, {
      start: { line: 0, character: 32 },
      end: { line: 0, character: 38 },
    });
    assert.deepEqual(codes(await session.diagnostics("main.py")), ["wildcard-origin"]);
  });

  it("answers the tree-view requests: policies, rules, rescan", async () => {
    const session = await started({ "main.py": WILD, "other.py": CLEAN });
    const policies = await session.conn.sendRequest(WorkspacePoliciesRequest);
    assert.deepEqual(
      policies.map((p) => [
        p.uri.slice(session.uri("").length + 1),
        p.framework,
        p.whoMayRead,
        p.credentials,
        p.context,
        p.problems,
      ]),
      [
        ["main.py", "Starlette/FastAPI CORSMiddleware", "any origin", false, "production", 1],
        [
          "other.py",
          "Starlette/FastAPI CORSMiddleware",
          "https://app.example.com",
          false,
          "production",
          0,
        ],
      ],
    );
    assert.deepEqual(
      policies[0].options.map((o) => [o.name, o.value]),
      [["allow_origins", '["*"]']],
    );
    const rules = await session.conn.sendRequest(RulesRequest);
    assert.ok(
      rules.some((r) => r.name === "wildcard-origin" && r.docsUrl.endsWith("/wildcard-origin.md")),
    );
    const status = await session.conn.sendRequest(RescanRequest);
    assert.deepEqual([status.problems, status.files, status.policies], [1, 1, 2]);
  });

  it("restricts origins with the suggested ones and fixes a whole workspace", async () => {
    const session = await started({ "main.py": WILD, "other.py": CLEAN, "slash.py": SLASH });
    session.settings = { productionOrigins: ["https://shop.example.com"] };
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const suggestions = await session.conn.sendRequest(OriginSuggestionsRequest, {
      uri: session.uri("main.py"),
    });
    assert.deepEqual(suggestions, {
      productionOrigins: ["https://shop.example.com", "https://app.example.com"],
      usedOrigins: [],
      target: "Starlette/FastAPI CORSMiddleware, line 2",
    });
    const r = await session.conn.sendRequest(RestrictOriginsRequest, {
      uri: session.uri("main.py"),
      position: { line: 1, character: 3 },
      origins: ["https://shop.example.com", "https://app.example.com"],
    });
    const change = r.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.uri, session.uri("main.py"));
    assert.equal(
      applyTextEdits(WILD, change.edits as TextEdit[]),
      HEAD +
        'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com", "https://app.example.com"])\n',
    );
    const all = await session.conn.sendRequest(FixAllRequest, {});
    assert.deepEqual(
      all.documentChanges!.map((c) => ("textDocument" in c ? c.textDocument.uri : "")),
      [session.uri("slash.py")],
    );
    // Read from disk (not open): bound to the file's content, version null.
    assert.equal(editsFor(all, session.uri("slash.py")).version, null);
    assert.equal(applyTextEdits(SLASH, editsFor(all, session.uri("slash.py")).edits), CLEAN);
  });

  it("fix-all never edits a file through a symbolic link to outside the workspace", async () => {
    const outside = mkdtempSync(join(tmpdir(), "cors-lint-outside-"));
    writeFileSync(join(outside, "shared.py"), SLASH);
    const session = new Session({ "slash.py": SLASH });
    s = session;
    symlinkSync(join(outside, "shared.py"), join(session.dir, "linked.py"));
    const idle = session.status((st) => st.state === "idle" && st.problems > 0);
    await session.start();
    await idle;
    // The linked file is read and reported like any other...
    await session.diagnostics("linked.py", (d) => d.length === 1);
    // ...but neither the workspace fix-all nor its own fix-all edits it.
    const all = await session.conn.sendRequest(FixAllRequest, {});
    assert.deepEqual(
      all.documentChanges!.map((c) => ("textDocument" in c ? c.textDocument.uri : "")),
      [session.uri("slash.py")],
    );
    const one = await session.conn.sendRequest(FixAllRequest, { uri: session.uri("linked.py") });
    assert.deepEqual(one.documentChanges, []);
    await session.open("linked.py", SLASH);
    const d = await session.diagnostics("linked.py", (d, p) => p.version === 1 && d.length === 1);
    const actions = await session.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: session.uri("linked.py") },
      range: d[0].range,
      context: { diagnostics: d, only: ["source.fixAll.corsLint"] },
    });
    assert.deepEqual(actions, []);
    rmSync(outside, { recursive: true, force: true });
  });

  it("offers only the same project's valid, non-tunnel origins and says why it cannot restrict", async () => {
    const session = await started({
      "shop/pyproject.toml": "",
      "shop/settings.py": DJANGO_ALL,
      "shop/api.py":
        HEAD +
        USED(
          "https://shop.example.com",
          "https://abc.ngrok-free.app",
          "http://localhost:3000",
          "https://*.vercel.app",
        ),
      "blog/package.json": "{}",
      "blog/server.py": HEAD + USED("https://blog.example.org"),
      "shop/env.py":
        HEAD +
        'import os\napp.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "*"))\n',
    });
    const s = await session.conn.sendRequest(OriginSuggestionsRequest, {
      uri: session.uri("shop/settings.py"),
      position: { line: 1, character: 2 },
    });
    assert.deepEqual(s, {
      productionOrigins: ["https://shop.example.com"],
      usedOrigins: ["http://localhost:3000"],
      target: "django-cors-headers, line 2",
    });
    const r = await session.conn.sendRequest(RestrictOriginsRequest, {
      uri: session.uri("shop/settings.py"),
      position: { line: 0, character: 0 },
      origins: s.productionOrigins,
    });
    const edits = (r.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
    assert.equal(
      applyTextEdits(DJANGO_ALL, edits),
      'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOWED_ORIGINS = ["https://shop.example.com"]\n',
    );
    const env = await session.conn.sendRequest(RestrictOriginsRequest, {
      uri: session.uri("shop/env.py"),
      position: { line: 2, character: 0 },
      origins: ["https://shop.example.com"],
    });
    assert.equal(env.edit, null);
    assert.match(env.reason!, /default of the environment variable ORIGINS/);
    const diagnostics = await session.diagnostics("shop/settings.py", (d) => d.length > 0);
    const actions = (await session.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: session.uri("shop/settings.py") },
      range: diagnostics[0].range,
      context: { diagnostics },
    }))!;
    const restrict = actions.find((a) => a.title === "Restrict Origins...") as { command: Command };
    assert.equal(restrict.command.command, "corsLint.restrictOrigins");
    assert.deepEqual(restrict.command.arguments, [
      session.uri("shop/settings.py"),
      diagnostics[0].range.start,
    ]);
    const envDiagnostics = await session.diagnostics("shop/env.py", (d) => d.length > 0);
    const envActions = (await session.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: session.uri("shop/env.py") },
      range: envDiagnostics[0].range,
      context: { diagnostics: envDiagnostics },
    }))!;
    assert.ok(!envActions.some((a) => a.title === "Restrict Origins..."));
  });

  it("counts errors, warnings and information once, never hints, in the status and the problem list", async () => {
    const session = await started({ "main.py": WILD, "slash.py": SLASH });
    session.settings = { rules: { "wildcard-origin": "hint" } };
    const quiet = session.status((st) => st.state === "idle" && st.problems === 1);
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const status = await quiet;
    const problems = await session.conn.sendRequest(WorkspaceProblemsRequest);
    assert.deepEqual([status.problems, status.files], [1, 1]);
    assert.deepEqual(
      problems.map((p) => [p.rule, p.title, p.subject, p.severity]),
      [["unmatchable-origin", "Unmatchable origin", '"https://app.example.com/"', "warning"]],
    );
    // The hint is still published (the editor shows it), only not counted.
    const hints = await session.diagnostics("main.py", (d) => d.length === 1);
    assert.equal(hints[0].severity, 4);
  });
});

const DJANGO_ALL = 'INSTALLED_APPS = ["corsheaders"]\nCORS_ALLOW_ALL_ORIGINS = True\n';

function USED(...origins: string[]): string {
  return `app.add_middleware(CORSMiddleware, allow_origins=${JSON.stringify(origins)})\n`;
}
