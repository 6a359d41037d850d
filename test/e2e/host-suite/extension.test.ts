// The extension-host suite: runs inside VS Code's extension host with the `vscode` API, on a copy of
// samples/ with the extension loaded from the repository (after `npm run build`).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import * as vscode from "vscode";

const ROOT = join(__dirname, "..", "..", "..");

interface EngineFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  fixes: { title: string; edits: { range: [number, number]; newText: string }[] }[];
}

/** The text after a fix's edits (the CLI's JSON gives their raw UTF-16 offsets). */
function applyFix(text: string, fix: EngineFinding["fixes"][number]): string {
  const edits = [...fix.edits].sort((a, b) => b.range[0] - a.range[0]);
  return edits.reduce((t, e) => t.slice(0, e.range[0]) + e.newText + t.slice(e.range[1]), text);
}

function folder(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, "the suite needs a workspace folder (a copy of samples/)");
  return f.uri.fsPath;
}

/** The CLI's findings for the workspace folder: the same engine, run outside the editor. */
function engineFindings(): EngineFinding[] {
  // Under Electron, execPath is VS Code itself: ELECTRON_RUN_AS_NODE makes it a plain Node.
  const r = spawnSync(
    process.execPath,
    [join(ROOT, "bin/cors-lint.js"), ".", "--format", "json", "--exit-zero"],
    { cwd: folder(), encoding: "utf8", env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } },
  );
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { findings: EngineFinding[] }).findings;
}

const SEVERITY = ["error", "warning", "info", "hint"];

/** `path:line:col rule severity` of every cors-lint diagnostic VS Code holds, sorted. */
function diagnosticKeys(): string[] {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, diags]) =>
      diags
        .filter((d) => d.source === "cors-lint")
        .map((d) => {
          const at = `${relative(folder(), uri.fsPath)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
          return `${at} ${String(typeof d.code === "object" ? d.code.value : d.code)} ${SEVERITY[d.severity]}`;
        }),
    )
    .sort();
}

/** Resolves once `test()` holds, checking on every diagnostics change. */
function diagnosticsWhere(test: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(`timed out waiting for ${what}; diagnostics: ${diagnosticKeys().join("\n")}`),
      );
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (!test()) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(join(folder(), file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe("cors-lint in the extension host", () => {
  it("holds a diagnostic for every finding of the engine, without opening a file", async () => {
    const expected = engineFindings()
      .map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`)
      .sort();
    assert.ok(expected.length > 0);
    await diagnosticsWhere(
      () => JSON.stringify(diagnosticKeys()) === JSON.stringify(expected),
      "the engine's findings",
    );
  });

  it("hovers a policy with its description and witnesses", async () => {
    const doc = await open("express-api/src/server.ts");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      doc.uri,
      new vscode.Position(15, 19),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === "string" ? c : c.value))
      .join("\n");
    assert.match(text, /CORS policy/);
    assert.match(text, /evilacme-partner\.com/);
  });

  it("offers the engine's fixes as code actions; applying one clears the diagnostic", async () => {
    const file = "express-api/src/server.ts";
    const finding = engineFindings().find(
      (f) => f.file === file && f.rule === "permissive-origin-regex",
    );
    assert.ok(finding);
    const doc = await open(file);
    const expected = applyFix(doc.getText(), finding.fixes[0]);
    const at = new vscode.Position(finding.line - 1, finding.column - 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      doc.uri,
      new vscode.Range(at, at),
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(finding.fixes[0].title), titles.join("\n"));
    assert.ok(titles.includes(`Disable ${finding.rule} for this line`), titles.join("\n"));
    const fix = actions.find((a) => a.title === finding.fixes[0].title);
    assert.ok(fix?.edit && (await vscode.workspace.applyEdit(fix.edit)));
    await diagnosticsWhere(
      () =>
        !vscode.languages
          .getDiagnostics(doc.uri)
          .some(
            (d) =>
              d.source === "cors-lint" &&
              d.range.start.line === finding.line - 1 &&
              String(d.code) === finding.rule,
          ),
      "the fixed diagnostic to go",
    );
    assert.equal(doc.getText(), expected);
  });

  it("registers every command of the manifest", async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.getExtension("cors-lint.cors-lint")?.packageJSON as
      { contributes: { commands: { command: string }[] } } | undefined;
    assert.ok(manifest, "the extension cors-lint.cors-lint is not loaded");
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
  });
});
