import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  FixAllRequest,
  OriginSuggestionsRequest,
  RescanRequest,
  RestrictOriginsRequest,
  RulesRequest,
} from "../../server/src/protocol";
import type { GroupBy, ProblemsView } from "./problems-view";

/** `scheme://host[:port]`, lowercase, as browsers send it. */
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** What the commands need from the extension. */
export interface CommandHost {
  client(): LanguageClient | undefined;
  restart(): Promise<void>;
  log: vscode.LogOutputChannel;
  problems: ProblemsView;
}

/** Registers every `corsLint.*` command of package.json. */
export function registerCommands(host: CommandHost): vscode.Disposable[] {
  const running = (): LanguageClient => {
    const c = host.client();
    if (!c?.isRunning()) throw new Error("the CORS Lint server is not running");
    return c;
  };
  const command = (id: string, run: (...args: unknown[]) => Thenable<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        host.log.error(`${id}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`CORS Lint: ${(e as Error).message}`);
        return undefined;
      }
    });
  return [
    command("corsLint.scanWorkspace", () =>
      vscode.window.withProgress(
        { location: { viewId: "corsLint.problems" }, title: "Scanning for CORS problems" },
        () => running().sendRequest(RescanRequest),
      ),
    ),
    command("corsLint.fixAll", () => fixAll(running())),
    command("corsLint.restrictOrigins", () => restrictOrigins(running())),
    command("corsLint.showOutput", async () => host.log.show(true)),
    command("corsLint.restartServer", () => host.restart()),
    command("corsLint.openRuleDocumentation", (arg) => openRuleDocs(running(), arg)),
    command("corsLint.problems.groupBy", (arg) => groupBy(host.problems, arg)),
  ];
}

/** Every file of the workspace; one file at a time is the `source.fixAll.corsLint` source action. */
async function fixAll(client: LanguageClient): Promise<unknown> {
  const edit = await client.sendRequest(FixAllRequest, {});
  const files = Object.keys(edit.changes ?? {}).length;
  if (!files) return vscode.window.showInformationMessage("CORS Lint: no safe fixes to apply.");
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  return vscode.window.showInformationMessage(
    `CORS Lint: fixed ${files} file${files === 1 ? "" : "s"} (unsaved; review and save).`,
  );
}

async function groupBy(view: ProblemsView, arg: unknown): Promise<void> {
  const modes = ["severity", "rule", "file"] as const;
  const choice = modes.includes(arg as GroupBy)
    ? (arg as GroupBy)
    : (
        await vscode.window.showQuickPick(
          modes.map((g) => ({ label: `Group by ${g}`, picked: g === view.groupBy, g })),
          { placeHolder: "Group CORS problems by" },
        )
      )?.g;
  if (choice) await view.setGroupBy(choice);
}

async function restrictOrigins(client: LanguageClient): Promise<unknown> {
  const editor = vscode.window.activeTextEditor;
  if (!editor)
    return vscode.window.showInformationMessage(
      "CORS Lint: open the file with the CORS configuration first.",
    );
  const uri = editor.document.uri.toString();
  const s = await client.sendRequest(OriginSuggestionsRequest, { uri });
  // Production origins first, then the deployed-looking origins the workspace already allows elsewhere.
  const deployed = s.usedOrigins.filter(
    (o) => o.startsWith("https://") && !/localhost|127\.0\.0\.1/.test(o),
  );
  const suggested = [...new Set([...s.productionOrigins, ...deployed])];
  const input = await vscode.window.showInputBox({
    title: "Restrict Origins",
    prompt: s.usedOrigins.length
      ? `Origins to allow, comma-separated (used elsewhere: ${s.usedOrigins.join(", ")})`
      : "Origins to allow, comma-separated (scheme://host[:port])",
    value: suggested.join(", "),
    placeHolder: "https://app.example.com",
    validateInput: (v) => {
      const bad = splitOrigins(v).find((o) => !ORIGIN.test(o));
      return bad
        ? `"${bad}" is not an origin: expected scheme://host[:port] in lowercase, no path`
        : undefined;
    },
  });
  if (input === undefined) return undefined;
  const origins = splitOrigins(input);
  if (!origins.length) return undefined;
  const edit = await client.sendRequest(RestrictOriginsRequest, {
    uri,
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
    origins,
  });
  if (!edit)
    return vscode.window.showInformationMessage(
      "CORS Lint: no wildcard CORS configuration found in this file.",
    );
  return vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
}

function splitOrigins(v: string): string[] {
  return v
    .split(/[,\s]+/)
    .map((o) => o.trim())
    .filter(Boolean);
}

async function openRuleDocs(client: LanguageClient, arg: unknown): Promise<unknown> {
  const rules = await client.sendRequest(RulesRequest);
  let url =
    typeof arg === "string" ? (rules.find((r) => r.name === arg)?.docsUrl ?? arg) : undefined;
  if (!url) {
    const pick = await vscode.window.showQuickPick(
      rules.map((r) => ({ label: r.name, detail: r.description, url: r.docsUrl })),
      { placeHolder: "Open the documentation of a CORS Lint rule", matchOnDetail: true },
    );
    url = pick?.url;
  }
  if (!url || !/^https:\/\//.test(url)) return undefined;
  return vscode.env.openExternal(vscode.Uri.parse(url));
}
