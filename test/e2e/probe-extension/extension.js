// One diagnostic on every `MARKER` in a Python file, a quick fix that removes it, a command, and a
// view listing the markers (with a badge) whose entries reveal them.
const vscode = require("vscode");

function activate(context) {
  const diagnostics = vscode.languages.createDiagnosticCollection("e2e-probe");
  const refresh = (doc) => {
    if (doc.languageId !== "python") return;
    const found = [];
    for (const m of doc.getText().matchAll(/MARKER/g)) {
      const range = new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + 6));
      const d = new vscode.Diagnostic(
        range,
        "Probe found a marker",
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = "e2e-probe";
      found.push(d);
    }
    diagnostics.set(doc.uri, found);
  };
  const fixer = {
    provideCodeActions(doc, _range, ctx) {
      return ctx.diagnostics
        .filter((d) => d.source === "e2e-probe")
        .map((d) => {
          const action = new vscode.CodeAction(
            "Replace marker with FIXED",
            vscode.CodeActionKind.QuickFix,
          );
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(doc.uri, d.range, "FIXED");
          action.diagnostics = [d];
          return action;
        });
    },
  };
  const fixCommand = () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const text = editor.document.getText();
    const at = text.indexOf("MARKER");
    if (at < 0) return;
    const range = new vscode.Range(
      editor.document.positionAt(at),
      editor.document.positionAt(at + 6),
    );
    return editor.edit((e) => e.replace(range, "CMDFIX")).then(() => editor.document.save());
  };
  const renameCommand = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const which = await vscode.window.showQuickPick(["first", "last"], {
      placeHolder: "Which marker?",
    });
    const name = which && (await vscode.window.showInputBox({ prompt: "New name" }));
    if (!name) return;
    const text = editor.document.getText();
    const at = which === "first" ? text.indexOf("MARKER") : text.lastIndexOf("MARKER");
    const start = editor.document.positionAt(at);
    await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, 6)), name));
    await editor.document.save();
  };
  const changed = new vscode.EventEmitter();
  const markers = () => {
    const all = [];
    diagnostics.forEach((uri, list) => list.forEach((d) => all.push({ uri, d })));
    return all;
  };
  const tree = vscode.window.createTreeView("e2eProbe.markers", {
    treeDataProvider: {
      onDidChangeTreeData: changed.event,
      getChildren: () => markers(),
      getTreeItem: ({ uri, d }) => {
        const item = new vscode.TreeItem(`${uri.path.split("/").pop()}:${d.range.start.line + 1}`);
        item.description = d.message;
        item.command = {
          command: "vscode.open",
          title: "Open",
          arguments: [uri, { selection: d.range }],
        };
        return item;
      },
    },
  });
  const onMarkers = () => {
    changed.fire();
    tree.badge = { value: markers().length, tooltip: "markers" };
  };
  context.subscriptions.push(
    tree,
    changed,
    vscode.languages.onDidChangeDiagnostics(onMarkers),
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.languages.registerCodeActionsProvider("python", fixer),
    vscode.commands.registerCommand("e2eProbe.fix", fixCommand),
    vscode.commands.registerCommand("e2eProbe.rename", renameCommand),
  );
  vscode.workspace.textDocuments.forEach(refresh);
}

module.exports = { activate, deactivate() {} };
