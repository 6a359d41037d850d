import assert from "node:assert/strict";
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
} from "vscode-languageserver-protocol/node";
import type { Diagnostic } from "vscode-languageserver-protocol/node";
import { WorkspacePoliciesRequest } from "../../server/src/protocol";
import { Session } from "./harness";

/** A FastAPI app reading its origins from a settings class in another module. */
const MAIN = `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from app.config import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_credentials=True)
`;
const settingsModule = (origins: string): string => `from pydantic import BaseModel


class Settings(BaseModel):
    origins: list[str] = ${origins}


settings = Settings()
`;

const codes = (d: Diagnostic[]): string[] => d.map((x) => String(x.code)).sort();

describe("language server: a project's modules", function () {
  this.timeout(30000);
  let s: Session | undefined;

  afterEach(() => s?.dispose());

  function files(origins: string): Record<string, string> {
    return {
      "pyproject.toml": "",
      "app/__init__.py": "",
      "app/main.py": MAIN,
      "app/config.py": settingsModule(origins),
    };
  }

  it("reports a value where it is written, with the middleware as related information", async () => {
    s = new Session(files('["*"]'));
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    const d = await s.diagnostics("app/config.py", (x) => x.length > 0);
    assert.deepEqual(codes(d), ["wildcard-credentials"]);
    assert.equal(d[0].range.start.line, 4);
    assert.match(String(d[0].message), /read by Starlette\/FastAPI CORSMiddleware in main\.py:6/);
    const related = d[0].relatedInformation ?? [];
    assert.ok(related.some((r) => r.location.uri === s!.uri("app/main.py")));
    // "Turn credentials off" edits the middleware call: a fix across files (a multi-file WorkspaceEdit).
    const data = d[0].data as { fixes: { edits: { uri?: string; newText: string }[] }[] };
    assert.ok(
      data.fixes.some((f) =>
        f.edits.some((e) => e.uri === s!.uri("app/main.py") && e.newText === "False"),
      ),
      JSON.stringify(data.fixes),
    );
  });

  it("the hover on the middleware names the modules the policy is built from", async () => {
    s = new Session(files('["*"]'));
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    await s.open("app/main.py", MAIN);
    await s.diagnostics("app/main.py", (_d, p) => p.version === 1);
    const hover = await s.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri("app/main.py") },
      position: { line: 5, character: 20 },
    });
    const text = JSON.stringify(hover?.contents ?? "");
    assert.match(text, /Built from:\*\* this file and `config\.py`/);
  });

  it("lists the modules a policy is built from in the Policies view's answer", async () => {
    s = new Session(files('["*"]'));
    const idle = s.status((st) => st.state === "idle" && st.problems > 0);
    await s.start();
    await idle;
    const policies = await s.conn.sendRequest(WorkspacePoliciesRequest);
    const main = policies.find((p) => p.uri === s!.uri("app/main.py"));
    assert.ok(main, JSON.stringify(policies.map((p) => p.uri)));
    assert.deepEqual(main.files, [s.uri("app/config.py")]);
  });

  it("editing a settings module (unsaved) updates an unopened dependent's diagnostics", async () => {
    s = new Session(files('["https://app.example.com"]'));
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    await idle;
    // A clean file gets no publication at all (the client has nothing for it).
    assert.ok(!s.history.some((p) => p.uri === s!.uri("app/config.py") && p.diagnostics.length));
    await s.open("app/config.py", settingsModule('["https://app.example.com"]'));
    await s.change("app/config.py", settingsModule('["*"]'), 2);
    const d = await s.diagnostics("app/config.py", (x) => x.length > 0);
    assert.deepEqual(codes(d), ["wildcard-credentials"]);
    await s.change("app/config.py", settingsModule('["https://app.example.com"]'), 3);
    assert.deepEqual(await s.diagnostics("app/config.py", (x) => x.length === 0), []);
  });

  it("with scope openFiles, an open dependent updates when its settings module changes", async () => {
    s = new Session(files('["https://app.example.com"]'));
    s.settings = { scope: "openFiles" };
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    await idle;
    await s.open("app/main.py", MAIN);
    await s.diagnostics("app/main.py", (x, p) => p.version === 1 && x.length === 0);
    await s.open("app/config.py", settingsModule('["https://app.example.com"]'));
    await s.change("app/config.py", settingsModule('["*"]'), 2);
    assert.deepEqual(codes(await s.diagnostics("app/config.py", (x) => x.length > 0)), [
      "wildcard-credentials",
    ]);
  });

  it("closing the last open module frees the project model; disk changes still reach the dependents", async () => {
    s = new Session(files('["https://app.example.com"]'));
    s.trace = "messages";
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    await idle;
    await s.open("app/config.py", settingsModule('["*"]'));
    assert.deepEqual(codes(await s.diagnostics("app/config.py", (x) => x.length > 0)), [
      "wildcard-credentials",
    ]);
    await s.conn.sendNotification("textDocument/didClose", {
      textDocument: { uri: s.uri("app/config.py") },
    });
    // The disk's text is back: the dependent's finding goes.
    await s.diagnostics("app/config.py", (x) => x.length === 0);
    const released = (): boolean =>
      s!.traces.some((t) => t.startsWith("released the project model of "));
    for (let i = 0; i < 100 && !released(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(released(), s.traces.join("\n"));
    s.write("app/config.py", settingsModule('["*"]'));
    await s.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri("app/config.py"), type: FileChangeType.Changed }],
    });
    assert.deepEqual(codes(await s.diagnostics("app/config.py", (x) => x.length > 0)), [
      "wildcard-credentials",
    ]);
  });

  it("a settings module changed on disk re-analyses the files that read it", async () => {
    s = new Session(files('["https://app.example.com"]'));
    const idle = s.status((st) => st.state === "idle");
    await s.start();
    await idle;
    s.write("app/config.py", settingsModule('["*"]'));
    await s.conn.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: s.uri("app/config.py"), type: FileChangeType.Changed }],
    });
    assert.deepEqual(codes(await s.diagnostics("app/config.py", (x) => x.length > 0)), [
      "wildcard-credentials",
    ]);
  });
});
