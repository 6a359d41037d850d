import assert from "node:assert/strict";
import {
  CancellationTokenSource,
  CodeActionRequest,
  ExecuteCommandRequest,
  HoverRequest,
  type CodeAction,
  type Diagnostic,
  type MarkupContent,
} from "vscode-languageserver-protocol/node";
import { docsUrl } from "../../server/src/core/rules/docs-url";
import { applyTextEdits, editsFor, Session } from "./harness";

const HEAD = "from fastapi.middleware.cors import CORSMiddleware\n";
const WILD = HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*"])\n';
const BOTH =
  HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*", "https://app.example.com/"])\n';
const CLEAN =
  HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"])\n';

/** The source text a diagnostic's range covers (single-line ranges). */
function flagged(text: string, d: Diagnostic): string {
  const line = text.split("\n")[d.range.start.line];
  return line.slice(d.range.start.character, d.range.end.character);
}

describe("language server: open documents", function () {
  this.timeout(30000);
  let s: Session;

  beforeEach(async () => {
    s = new Session();
    await s.start();
  });
  afterEach(() => s.dispose());

  async function actions(name: string, d: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = d[0]?.range ?? {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    };
    const r = await s.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: s.uri(name) },
      range,
      context: { diagnostics: d, only },
    });
    return (r ?? []) as CodeAction[];
  }

  it("publishes diagnostics with source, rule code, docs link, tight range and fixes in data", async () => {
    await s.open("app.py", WILD);
    const [d, ...rest] = await s.diagnostics("app.py", (d) => d.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(d.source, "cors-lint");
    assert.equal(d.code, "wildcard-origin");
    assert.equal(d.codeDescription?.href, docsUrl("wildcard-origin"));
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, {
      start: { line: 1, character: 50 },
      end: { line: 1, character: 53 },
    });
    assert.equal(flagged(WILD, d), '"*"');
    assert.equal(d.tags, undefined);
    const data = d.data as { rule: string; fixes: { title: string; applicability: string }[] };
    assert.equal(data.rule, "wildcard-origin");
    assert.ok(data.fixes.length > 0);
  });

  it("never inserts an invented origin: the placeholder fix is a command for a snippet, and Restrict Origins is offered", async () => {
    await s.open("app.py", WILD);
    const d = await s.diagnostics("app.py", (d) => d.length > 0);
    const all = await actions("app.py", d);
    const placeholder = all.filter(
      (a) => a.command?.command === "corsLint.applyFixWithPlaceholder",
    );
    assert.equal(placeholder.length, 1, JSON.stringify(all.map((a) => a.title)));
    assert.equal(placeholder[0].edit, undefined);
    const [uri, fix] = placeholder[0].command!.arguments as [
      string,
      { edits: { newText: string }[]; placeholder: { edit: number; start: number; end: number } },
    ];
    assert.equal(uri, s.uri("app.py"));
    const p = fix.placeholder;
    assert.equal(fix.edits[p.edit].newText.slice(p.start, p.end), "https://app.example");
    assert.ok(
      all.some(
        (a) =>
          a.title === "Restrict Origins..." && a.command?.command === "corsLint.restrictOrigins",
      ),
    );
    // No action edits the invented origin in directly.
    assert.ok(!all.some((a) => JSON.stringify(a.edit ?? {}).includes("app.example.com")));
  });

  it("shows an unused suppression as a faded warning whose quick fix removes it", async () => {
    const text = CLEAN + "# cors-lint-disable-next-line wildcard-origin -- stale\nx = 1\n";
    await s.open("app.py", text);
    const [d, ...rest] = await s.diagnostics("app.py", (d) => d.length > 0);
    assert.equal(rest.length, 0);
    assert.equal(d.code, "unused-suppression");
    assert.equal(d.severity, 2);
    assert.deepEqual(d.tags, [1]);
    const acts = await actions("app.py", [d], ["quickfix"]);
    assert.deepEqual(
      acts.map((a) => a.title),
      ["Remove the unused suppression comment"],
    );
    const { edits } = editsFor(acts[0].edit, s.uri("app.py"));
    assert.equal(applyTextEdits(text, edits), CLEAN + "x = 1\n");
  });

  it("points relatedInformation at the other half of a combination", async () => {
    const text =
      HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n';
    await s.open("app.py", text);
    const [d] = await s.diagnostics("app.py", (d) => d.length > 0);
    assert.equal(d.code, "wildcard-credentials");
    assert.equal(d.severity, 1);
    assert.deepEqual(d.relatedInformation, [
      {
        location: {
          uri: s.uri("app.py"),
          range: { start: { line: 1, character: 74 }, end: { line: 1, character: 78 } },
        },
        message: "credentials are enabled here",
      },
    ]);
  });

  it("follows edits, and never publishes an outdated version after a newer one", async () => {
    await s.open("app.py", WILD);
    await s.diagnostics("app.py", (d) => d.length === 1);
    const seen = s.history.length;
    await s.change("app.py", BOTH, 2);
    await s.change("app.py", CLEAN, 3);
    const d = await s.diagnostics("app.py", (_, p) => p.version === 3);
    assert.deepEqual(d, []);
    // Without a debounce (small files) version 2 may be published before version 3 arrives; what must
    // never happen is an older version published after a newer one.
    const versions = s.history.slice(seen).map((p) => p.version ?? 0);
    assert.ok(
      versions.every((v, i) => i === 0 || v >= versions[i - 1]),
      `an outdated version was published after a newer one: ${versions}`,
    );
    assert.equal(versions[versions.length - 1], 3);
    await s.change("app.py", BOTH, 4);
    const d4 = await s.diagnostics("app.py", (_, p) => p.version === 4);
    assert.deepEqual(
      d4.map((x) => [x.code, flagged(BOTH, x)]),
      [
        ["wildcard-origin", '"*"'],
        ["unmatchable-origin", '"https://app.example.com/"'],
      ],
    );
  });

  it("offers one quick fix per fix, safe ones preferred, and the edit gives the expected text", async () => {
    await s.open("app.py", BOTH);
    const d = await s.diagnostics("app.py", (d) => d.length === 2);
    const slash = d.find((x) => x.code === "unmatchable-origin")!;
    const list = await actions("app.py", [slash]);
    const fix = list.find((a) => a.title === "Remove the trailing slash")!;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind, "quickfix");
    const fixed = applyTextEdits(BOTH, editsFor(fix.edit, s.uri("app.py")).edits);
    assert.equal(
      fixed,
      HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*", "https://app.example.com"])\n',
    );
    const wild = d.find((x) => x.code === "wildcard-origin")!;
    const wildFixes = (await actions("app.py", [wild])).filter(
      (a) => a.edit && !a.title.startsWith("Disable"),
    );
    assert.ok(wildFixes.length > 0);
    assert.ok(
      wildFixes.every((a) => !a.isPreferred),
      "unsafe fixes and suggestions are never preferred",
    );
  });

  it("binds quick fixes and fix-all to the document version they were computed from", async () => {
    await s.open("app.py", BOTH, "python", 3);
    const d = await s.diagnostics("app.py", (d, p) => p.version === 3 && d.length === 2);
    const slash = d.find((x) => x.code === "unmatchable-origin")!;
    const fix = (await actions("app.py", [slash])).find(
      (a) => a.title === "Remove the trailing slash",
    )!;
    assert.equal(editsFor(fix.edit, s.uri("app.py")).version, 3);
    const [fixAll] = await actions("app.py", d, ["source.fixAll.corsLint"]);
    assert.equal(editsFor(fixAll.edit, s.uri("app.py")).version, 3);
    const text = BOTH + "# more\n";
    await s.change("app.py", text, 4);
    const d4 = await s.diagnostics("app.py", (d, p) => p.version === 4 && d.length === 2);
    const [again] = await actions("app.py", d4, ["source.fixAll.corsLint"]);
    assert.equal(editsFor(again.edit, s.uri("app.py")).version, 4);
  });

  it('"Disable <rule> for this line" writes a comment the analysis honours (Python and JSX)', async () => {
    await s.open("app.py", WILD);
    const d = await s.diagnostics("app.py", (d) => d.length === 1);
    const disable = (await actions("app.py", d)).find(
      (a) => a.title === "Disable wildcard-origin for this line",
    )!;
    const text = applyTextEdits(WILD, editsFor(disable.edit, s.uri("app.py")).edits);
    assert.equal(
      text,
      HEAD + "# cors-lint-disable-next-line wildcard-origin\n" + WILD.slice(HEAD.length),
    );
    await s.change("app.py", text, 2);
    assert.deepEqual(await s.diagnostics("app.py", (_, p) => p.version === 2), []);

    const tsx = `import { Hono } from 'hono';
import { cors } from 'hono/cors';
const page = (
<div>
{app.use('*', cors({ origin: '*' }))}
</div>
);
`;
    await s.open("page.tsx", tsx, "typescriptreact");
    const td = await s.diagnostics("page.tsx", (d) => d.length > 0);
    const jsx = (await actions("page.tsx", td)).find((a) => a.title.startsWith("Disable"))!;
    const out = applyTextEdits(tsx, editsFor(jsx.edit, s.uri("page.tsx")).edits);
    assert.ok(
      out.includes(`<div>\n{/* cors-lint-disable-next-line ${td[0].code} */}\n{app.use`),
      out,
    );
  });

  it('"Show documentation" asks the client to open the rule page', async () => {
    await s.open("app.py", WILD);
    const d = await s.diagnostics("app.py", (d) => d.length === 1);
    const show = (await actions("app.py", d)).find(
      (a) => a.title === "Show documentation for wildcard-origin",
    )!;
    await s.conn.sendRequest(ExecuteCommandRequest.type, show.command!);
    assert.deepEqual(s.shownDocuments, [docsUrl("wildcard-origin")]);
  });

  it("fix-all applies safe fixes and leaves unsafe ones alone", async () => {
    s.settings = { productionOrigins: ["https://shop.example.com"] };
    await s.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    await s.open("app.py", BOTH);
    const d = await s.diagnostics("app.py", (d) => d.length === 2);
    const [fixAll, ...more] = await actions("app.py", d, ["source.fixAll.corsLint"]);
    assert.equal(more.length, 0);
    assert.equal(fixAll.kind, "source.fixAll.corsLint");
    const once = applyTextEdits(BOTH, editsFor(fixAll.edit, s.uri("app.py")).edits);
    assert.equal(
      once,
      HEAD + 'app.add_middleware(CORSMiddleware, allow_origins=["*", "https://app.example.com"])\n',
    );

    s.settings = { productionOrigins: ["https://shop.example.com"], unsafeFixes: true };
    await s.conn.sendNotification("workspace/didChangeConfiguration", { settings: null });
    const [all] = await actions("app.py", d, ["source.fixAll"]);
    const twice = applyTextEdits(BOTH, editsFor(all.edit, s.uri("app.py")).edits);
    assert.equal(
      twice,
      HEAD +
        'app.add_middleware(CORSMiddleware, allow_origins=["https://shop.example.com", "https://app.example.com"])\n',
    );
  });

  it("hover on a configuration shows the policy in words and the attacker battery", async () => {
    await s.open("app.py", WILD);
    await s.diagnostics("app.py", (d) => d.length === 1);
    const h = await s.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri("app.py") },
      position: { line: 1, character: 5 },
    });
    const md = (h!.contents as MarkupContent).value;
    assert.equal(
      md.split("\n")[0],
      "**CORS policy** (Starlette/FastAPI CORSMiddleware): **any origin** may read responses",
    );
    // The verdict and the attacker table come before the policy's details.
    assert.ok(md.indexOf("| Attacker origin |") < md.indexOf("Who may read responses:"));
    assert.match(md, /Who may read responses:\*\* any origin/);
    assert.match(md, /Cookies:\*\* without cookies/);
    assert.match(md, /Context:\*\* production: no development or test guard around it/);
    assert.deepEqual(h!.range, {
      start: { line: 1, character: 0 },
      end: { line: 1, character: 55 },
    });
    assert.match(md, /All \d+ attacker origins tried get through\./);
    assert.match(md, /\| `null` \| \*\*yes\*\* \| no \|/);
    assert.match(md, /\| `https:\/\/evil\.example` \| \*\*yes\*\* \| no \|/);
    const none = await s.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri("app.py") },
      position: { line: 0, character: 2 },
    });
    assert.equal(none, null);
  });

  it("hover on an option written elsewhere shows its configuration, with witnesses first", async () => {
    const text = `import os
from fastapi.middleware.cors import CORSMiddleware
ORIGINS = os.getenv("CORS_ORIGINS", "https://app.example.com/")
app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_origin_regex="https://.*.example.com")
`;
    await s.open("app.py", text);
    await s.diagnostics("app.py", (d) => d.length > 0);
    const h = await s.conn.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri("app.py") },
      position: { line: 2, character: 40 },
    });
    assert.deepEqual(h!.range, {
      start: { line: 2, character: 36 },
      end: { line: 2, character: 62 },
    });
    const md = (h!.contents as MarkupContent).value;
    assert.match(md, /Who may read responses:\*\* origins matching a pattern/);
    assert.match(
      md,
      /  - any substring of `https:\/\/app\.example\.com\/` when CORS_ORIGINS is unset/,
    );
    const rows = md.split("\n").filter((l) => l.startsWith("| `"));
    const firstBlocked = rows.findIndex((r) => / \| no \| no \|$/.test(r));
    assert.ok(firstBlocked > 0, "some origins get through, listed before the blocked ones");
    assert.ok(rows.slice(firstBlocked).every((r) => / \| no \| no \|$/.test(r)));
    assert.match(md, /\| `https:\/\/appxexample\.com` \| \*\*yes\*\* \| no \|/);
  });

  it("a cancelled request does no harm: the server answers the next one", async () => {
    await s.open("app.py", WILD);
    await s.diagnostics("app.py", (d) => d.length === 1);
    const source = new CancellationTokenSource();
    const params = { textDocument: { uri: s.uri("app.py") }, position: { line: 1, character: 5 } };
    const cancelled = s.conn.sendRequest(HoverRequest.type, params, source.token);
    source.cancel();
    await cancelled.then(
      (r) => assert.ok(r === null || typeof r === "object"),
      (e: { code?: number }) => assert.equal(e.code, -32800),
    );
    const h = await s.conn.sendRequest(HoverRequest.type, params);
    assert.match((h!.contents as MarkupContent).value, /any origin/);
  });

  it("speaks LSP over node IPC too, as the VS Code client starts it", async () => {
    const ipc = new Session({}, "ipc");
    try {
      await ipc.start();
      await ipc.open("app.py", WILD);
      const d = await ipc.diagnostics("app.py", (d) => d.length > 0);
      assert.deepEqual(
        d.map((x) => [x.code, flagged(WILD, x)]),
        [["wildcard-origin", '"*"']],
      );
    } finally {
      await ipc.dispose();
    }
  });
});
