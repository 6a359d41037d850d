import assert from "node:assert/strict";
import { DidChangeConfigurationNotification } from "vscode-languageserver-protocol/node";
import type { Diagnostic } from "vscode-languageserver-protocol/node";
import { Session, timeout } from "./harness";

const HEAD = "from fastapi.middleware.cors import CORSMiddleware\n";
const WILD = HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n';
const CLEAN =
  HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])\n';

const codes = (d: Diagnostic[]): unknown[] => d.map((x) => x.code);

/** `n` modules without CORS code (the bulk of a real workspace), in folders of 100. */
function filler(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++)
    files[`pkg${Math.floor(i / 100)}/mod${i}.py`] = `def f${i}(x):\n    return x + ${i}\n`;
  return files;
}

/** Resolves once `cond` holds (checked every 20 ms). */
function until(cond: () => boolean, what: string): Promise<void> {
  return timeout(
    new Promise<void>((resolve) => {
      const check = (): void => (cond() ? resolve() : void setTimeout(check, 20));
      check();
    }),
    what,
  );
}

describe("language server: the workspace scan on a worker thread", function () {
  this.timeout(60000);
  let s: Session | undefined;

  afterEach(() => s?.dispose());

  it("runs on a worker thread; results stream back, are published and counted, with progress", async () => {
    s = new Session({ ...filler(1500), "a/app.py": WILD, "z/ok.py": CLEAN });
    s.trace = "messages";
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    const st = await idle;
    assert.ok(
      s.traces.some((t) => t === "workspace scan of 1 folder on a worker thread"),
      s.traces.join("\n"),
    );
    assert.deepEqual(codes(await s.diagnostics("a/app.py", (d) => d.length > 0)), [
      "wildcard-origin",
    ]);
    assert.equal(st.policies, 2);
    // Clean files are never published; the one with a problem is, once.
    assert.deepEqual(
      s.history.map((p) => p.uri),
      [s.uri("a/app.py")],
    );
    assert.ok(s.logs.some((l) => /^scanned 1502 files in \d+ ms: 1 problem in 1 file/.test(l)));
    const kinds = s.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], "begin");
    assert.equal(kinds[kinds.length - 1], "end");
  });

  it("an editor's text wins over the disk for a file open while the scan runs", async () => {
    s = new Session({ ...filler(300), "main.py": WILD });
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    await s.open("main.py", CLEAN);
    await idle;
    await until(() => s!.lastStatus?.state === "idle", "idle");
    assert.ok(
      !s.history.some((p) => p.uri === s!.uri("main.py") && p.diagnostics.length),
      "the scan's disk result never replaces the open document's",
    );
  });

  it("a newer scan (settings changed) cancels the one under way; the newer settings hold", async () => {
    s = new Session({ ...filler(8000), "a/app.py": WILD, "b/app.py": WILD });
    s.trace = "messages";
    const scanning = s.status((st) => st.state === "scanning");
    await s.start();
    await scanning;
    s.settings = { exclude: ["a/**"] };
    await s.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await until(
      () => s!.traces.filter((t) => t.startsWith("workspace scan of")).length === 2,
      "a second scan",
    );
    await until(() => s!.logs.some((l) => l.startsWith("scanned ")), "the scan's log line");
    await until(() => s!.lastStatus?.state === "idle", "idle");
    assert.ok(
      s.traces.includes("workspace scan cancelled: a newer one starts"),
      s.traces.join("\n"),
    );
    assert.equal(s.logs.filter((l) => l.startsWith("scanned ")).length, 1, s.logs.join("\n"));
    assert.deepEqual(codes(await s.diagnostics("b/app.py", (d) => d.length > 0)), [
      "wildcard-origin",
    ]);
    // Excluded now: whatever the cancelled scan published for it is withdrawn.
    const a = s.history.filter((p) => p.uri === s!.uri("a/app.py"));
    assert.ok(!a.length || a[a.length - 1].diagnostics.length === 0, JSON.stringify(a));
    assert.equal(s.lastStatus?.problems, 1);
  });

  it("editing a settings module re-analyses only the scanned files that read it", async () => {
    const main = (n: number): string => `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from app.config import settings

app${n} = FastAPI()
app${n}.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_credentials=True)
`;
    const config = (origins: string): string =>
      `class Settings:\n    origins = ${origins}\n\n\nsettings = Settings()\n`;
    s = new Session({
      "pyproject.toml": "",
      "app/__init__.py": "",
      "app/config.py": config('["https://app.example.com"]'),
      "app/one.py": main(1),
      "app/two.py": main(2),
      "app/other.py": WILD,
    });
    s.trace = "messages";
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    await s.open("app/config.py", config('["https://app.example.com"]'));
    await s.diagnostics("app/config.py", (_d, p) => p.version === 1);
    const before = s.traces.length;
    await s.change("app/config.py", config('["*"]'), 2);
    const d = await s.diagnostics("app/config.py", (x) => x.length === 2);
    assert.deepEqual(codes(d), ["wildcard-credentials", "wildcard-credentials"]);
    await until(
      () => s!.traces.slice(before).filter((t) => t.startsWith("analysed ")).length >= 3,
      "the analyses",
    );
    const analysed = s.traces
      .slice(before)
      .filter((t) => t.startsWith("analysed "))
      .map((t) => /analysed (\S+) \((\w+)/.exec(t)!.slice(1).join(" "))
      .map((t) => t.replace(s!.dir + "/", ""))
      .sort();
    assert.deepEqual(analysed, ["app/config.py open", "app/one.py disk", "app/two.py disk"]);
  });
});
