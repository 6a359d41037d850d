// Runs inside the extension host: the `vscode` API, as a desktop extension-host suite uses it.
const assert = require("assert");
const vscode = require("vscode");

function diagnosticsOf(uri) {
  const now = vscode.languages.getDiagnostics(uri);
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      sub.dispose();
      resolve(vscode.languages.getDiagnostics(uri));
    });
  });
}

describe("probe extension, from inside the extension host", () => {
  it("publishes diagnostics and offers its quick fix", async () => {
    const folder = vscode.workspace.workspaceFolders[0].uri;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, "app.py"));
    await vscode.window.showTextDocument(doc);
    const diags = await diagnosticsOf(doc.uri);
    assert.deepEqual(
      diags.map((d) => [d.range.start.line, d.range.start.character, d.message]),
      [
        [0, 12, "Probe found a marker"],
        [4, 12, "Probe found a marker"],
      ],
    );
    const actions = await vscode.commands.executeCommand(
      "vscode.executeCodeActionProvider",
      doc.uri,
      diags[0].range,
    );
    assert.ok(actions.some((a) => a.title === "Replace marker with FIXED"));
  });

  it("sees the environment the harness passes (a failing run is reported as one)", () => {
    assert.equal(process.env.PROBE_EXPECT, "pass");
  });
});
