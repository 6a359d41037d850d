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
const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/([^\s/:?#@*[\]A-Z]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/;

/** What the commands need from the extension. */
export interface CommandHost {
  client(): LanguageClient | undefined;
  restart(): Promise<void>;
  log: vscode.LogOutputChannel;
  problems: ProblemsView;
  /** Where the extension is installed: the rule pages ship in its `docs/rules/`. */
  extensionUri: vscode.Uri;
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
    command("corsLint.restrictOrigins", (...args) => restrictOrigins(running(), args)),
    command("corsLint.showOutput", async () => host.log.show(true)),
    command("corsLint.restartServer", () => host.restart()),
    command("corsLint.openRuleDocumentation", (arg) => openRuleDocs(host, arg)),
    command("corsLint.problems.groupBy", (arg) => groupBy(host.problems, arg)),
    command("corsLint.applyFixWithPlaceholder", (uri, fix) => applyWithPlaceholder(uri, fix)),
  ];
}

/** Every file of the workspace; one file at a time is the `source.fixAll.corsLint` source action. */
async function fixAll(client: LanguageClient): Promise<unknown> {
  const edit = await client.sendRequest(FixAllRequest, {});
  const files = (edit.documentChanges?.length ?? 0) + Object.keys(edit.changes ?? {}).length;
  if (!files) return vscode.window.showInformationMessage("CORS Lint: no safe fixes to apply.");
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit));
  return vscode.window.showInformationMessage(
    `CORS Lint: fixed ${files} file${files === 1 ? "" : "s"} (unsaved; review and save).`,
  );
}

async function groupBy(view: ProblemsView, arg: unknown): Promise<void> {
  const modes = [
    ["severity", "Severity"],
    ["rule", "Rule"],
    ["file", "File"],
  ] as const;
  const choice = modes.some(([g]) => g === arg)
    ? (arg as GroupBy)
    : (
        await vscode.window.showQuickPick(
          modes.map(([g, label]) => ({
            // The current choice is marked (a check and "current"), like VS Code's own pickers.
            label: g === view.groupBy ? `$(check) ${label}` : label,
            description: g === view.groupBy ? "current" : undefined,
            g,
          })),
          { placeHolder: "Group CORS problems by", title: "Group Problems By" },
        )
      )?.g;
  if (choice) await view.setGroupBy(choice);
}

/** Where the command was invoked: a code action's arguments, else the active editor's cursor. */
function restrictPlace(args: unknown[]): { uri: string; position: Position } | undefined {
  const [uri, position] = args;
  if (typeof uri === "string" && isPosition(position)) return { uri, position };
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const p = editor.selection.active;
  return {
    uri: editor.document.uri.toString(),
    position: { line: p.line, character: p.character },
  };
}

type Position = { line: number; character: number };

function isPosition(x: unknown): x is Position {
  return (
    typeof (x as Position)?.line === "number" && typeof (x as Position)?.character === "number"
  );
}

/** Asks for origins (pre-filled with the project's own) and applies the engine's edit. */
async function restrictOrigins(client: LanguageClient, args: unknown[]): Promise<unknown> {
  const place = restrictPlace(args);
  if (!place)
    return vscode.window.showInformationMessage(
      "CORS Lint: open the file with the CORS configuration first.",
    );
  const s = await client.sendRequest(OriginSuggestionsRequest, place);
  if (s.reason)
    return vscode.window.showWarningMessage(`CORS Lint: cannot restrict origins: ${s.reason}.`);
  const input = await vscode.window.showInputBox({
    title: `Restrict Origins (${s.target ?? "CORS configuration"})`,
    prompt: originPrompt(s.usedOrigins, s.maxOrigins),
    value: s.productionOrigins.slice(0, s.maxOrigins ?? Infinity).join(", "),
    placeHolder: "https://app.example.com",
    validateInput: (v) => originsError(splitOrigins(v), s.maxOrigins),
  });
  if (input === undefined) return undefined;
  const origins = splitOrigins(input);
  if (!origins.length) return undefined;
  const r = await client.sendRequest(RestrictOriginsRequest, { ...place, origins });
  if (!r.edit)
    return vscode.window.showWarningMessage(`CORS Lint: cannot restrict origins: ${r.reason}.`);
  const ok = await vscode.workspace.applyEdit(
    await client.protocol2CodeConverter.asWorkspaceEdit(r.edit),
  );
  if (!ok)
    return vscode.window.showWarningMessage(
      "CORS Lint: the file changed meanwhile; run Restrict Origins again.",
    );
  return ok;
}

/** The input box's prompt: the format, then the project's other origins (a few). */
function originPrompt(used: string[], max: number | undefined): string {
  const what = max === 1 ? "The origin to allow" : "Origins to allow, comma-separated";
  const shown =
    used.slice(0, 5).join(", ") + (used.length > 5 ? ` and ${used.length - 5} more` : "");
  return used.length
    ? `${what} (also used in this project: ${shown})`
    : `${what} (scheme://host[:port])`;
}

/** Why the typed origins cannot be used, or undefined. Mirrors the engine's check (core/restrict.ts). */
export function originsError(origins: string[], max: number | undefined): string | undefined {
  if (max !== undefined && origins.length > max)
    return `This configuration holds ${max} origin: check the request's Origin against a list in code to allow several`;
  for (const o of origins) {
    const defaultPort = /^https:\/\/[^/]+:443$|^http:\/\/[^/]+:80$/.test(o);
    if (!ORIGIN.test(o) || defaultPort)
      return `"${o}" is not an origin: expected scheme://host[:port] in lowercase, no path, no wildcard`;
  }
  return undefined;
}

function splitOrigins(v: string): string[] {
  return v
    .split(/[,\s]+/)
    .map((o) => o.trim())
    .filter(Boolean);
}

/** The rule a command argument names: a rule name, a docs URL, or a row of the Problems view. */
function ruleOf(arg: unknown): string | undefined {
  const problem = (arg as { problem?: { rule?: unknown } } | undefined)?.problem;
  const raw = typeof arg === "string" ? arg : typeof problem?.rule === "string" ? problem.rule : "";
  const name = /([a-z0-9-]+)(\.md)?(#.*)?$/.exec(raw)?.[1];
  return name || undefined;
}

/**
 * Opens a rule's page, bundled with the extension, in VS Code's markdown preview: offline, in
 * Restricted Mode, without leaving the editor. Without an argument, asks which rule.
 */
async function openRuleDocs(host: CommandHost, arg: unknown): Promise<unknown> {
  const dir = vscode.Uri.joinPath(host.extensionUri, "docs", "rules");
  const pages = (await vscode.workspace.fs.readDirectory(dir))
    .map(([name]) => name.replace(/\.md$/, ""))
    .sort();
  let rule = ruleOf(arg);
  if (!rule || !pages.includes(rule)) {
    const c = host.client();
    const rules = c?.isRunning() ? await c.sendRequest(RulesRequest) : [];
    const pick = await vscode.window.showQuickPick(
      pages.map((name) => ({
        label: name,
        detail: rules.find((r) => r.name === name)?.description,
      })),
      { placeHolder: "Open the documentation of a CORS Lint rule", matchOnDetail: true },
    );
    rule = pick?.label;
  }
  if (!rule) return undefined;
  const page = vscode.Uri.joinPath(dir, `${rule}.md`);
  host.log.info(`opening the documentation of ${rule}`);
  return vscode.commands.executeCommand("markdown.showPreview", page);
}

/** A fix as the server sends it (lsp/convert.ts WireFix), with the invented value to replace. */
interface PlaceholderFix {
  title: string;
  edits: { range: { start: Position; end: Position }; newText: string }[];
  placeholder?: { edit: number; start: number; end: number };
}

/**
 * Applies a fix whose edit carries an invented value (`https://app.example.com`) as a snippet in the
 * editor, the value selected for the user to type over; it is never inserted silently.
 */
async function applyWithPlaceholder(uri: unknown, fix: unknown): Promise<unknown> {
  const f = fix as PlaceholderFix;
  if (typeof uri !== "string" || !Array.isArray(f?.edits) || !f.placeholder) return undefined;
  const target = vscode.Uri.parse(uri);
  await vscode.window.showTextDocument(target);
  const edit = new vscode.WorkspaceEdit();
  const p = f.placeholder;
  edit.set(
    target,
    f.edits.map((e, i) => {
      const range = new vscode.Range(
        e.range.start.line,
        e.range.start.character,
        e.range.end.line,
        e.range.end.character,
      );
      if (i !== p.edit) return new vscode.TextEdit(range, e.newText);
      const snippet = new vscode.SnippetString()
        .appendText(e.newText.slice(0, p.start))
        .appendPlaceholder(e.newText.slice(p.start, p.end))
        .appendText(e.newText.slice(p.end));
      return new vscode.SnippetTextEdit(range, snippet);
    }),
  );
  return vscode.workspace.applyEdit(edit);
}
