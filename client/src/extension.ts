import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { StatusNotification, type WorkspaceProblem } from "../../server/src/protocol";
import { registerCommands } from "./commands";
import { PoliciesView } from "./policies-view";
import { ProblemsView } from "./problems-view";
import { WorkspaceData } from "./workspace-data";

/** The server's command behind "Show documentation for <rule>" (lsp/code-actions.ts). */
const SHOW_DOCS_COMMAND = "corsLint.showDocumentation";

/** The documents the server analyses. */
const SELECTOR: { scheme: string; language: string }[] = [
  "python",
  "typescript",
  "typescriptreact",
  "javascript",
  "javascriptreact",
].map((language) => ({ scheme: "file", language }));

let client: LanguageClient | undefined;

/** Starts the language server over IPC and wires the views, commands and status into the context. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel("CORS Lint", { log: true });
  context.subscriptions.push(log);
  const version = (context.extension.packageJSON as { version?: string }).version ?? "?";
  log.info(
    `CORS Lint ${version} activating in ${vscode.env.appName} ${vscode.version}` +
      (vscode.workspace.isTrusted ? "" : " (Restricted Mode)"),
  );
  const data = new WorkspaceData(() => client, log);
  void vscode.commands.executeCommand("setContext", "corsLint.scanning", true);
  const problems = new ProblemsView(data, context.workspaceState);
  const status = vscode.languages.createLanguageStatusItem("corsLint.status", SELECTOR);
  status.name = "CORS Lint";
  status.command = { title: "Show Output", command: "corsLint.showOutput" };
  const problemsTree = vscode.window.createTreeView("corsLint.problems", {
    treeDataProvider: problems,
    showCollapseAll: true,
  });
  const policiesTree = vscode.window.createTreeView("corsLint.policies", {
    treeDataProvider: new PoliciesView(data),
    showCollapseAll: true,
  });
  context.subscriptions.push(data, status, problemsTree, policiesTree);
  context.subscriptions.push(
    data.onDidChange(() => {
      showStatus(status, data);
      void vscode.commands.executeCommand(
        "setContext",
        "corsLint.scanning",
        data.status.state === "scanning",
      );
      const n = data.problems.length;
      problemsTree.badge = n ? { value: n, tooltip: problemsText(data.problems) } : undefined;
    }),
  );

  const start = async (): Promise<void> => {
    client = createClient(context, log);
    context.subscriptions.push(client.onNotification(StatusNotification, (s) => data.update(s)));
    await client.start();
    await data.refresh();
  };
  const restart = async (): Promise<void> => {
    log.info("restarting the server");
    await client?.stop();
    data.clear();
    await start();
  };
  context.subscriptions.push(
    ...registerCommands({
      client: () => client,
      restart,
      log,
      problems,
      extensionUri: context.extensionUri,
    }),
  );
  context.subscriptions.push({ dispose: () => void client?.stop() });
  try {
    await start();
  } catch (e) {
    log.error(`the server did not start: ${(e as Error).message}`);
    status.severity = vscode.LanguageStatusSeverity.Error;
    status.text = "CORS Lint: server failed";
  }
}

/** Stops the server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function createClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath("server/out/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ["--nolazy", "--inspect=6011"] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: log,
    traceOutputChannel: log,
    markdown: { isTrusted: false, supportHtml: false },
    middleware: {
      // The server's "Show documentation" action opens the rule page bundled with the extension
      // (offline, Restricted Mode) instead of a browser.
      executeCommand: (command, args, next) =>
        command === SHOW_DOCS_COMMAND
          ? vscode.commands.executeCommand("corsLint.openRuleDocumentation", args[0])
          : next(command, args),
    },
  };
  return new LanguageClient("corsLint", "CORS Lint", serverOptions, clientOptions);
}

/**
 * "3 CORS problems (1 error, 2 warnings)": the one wording of the one count (the problems list the
 * server sends, hints excluded) that the badge, its tooltip, the status item and the view share.
 */
export function problemsText(problems: readonly WorkspaceProblem[]): string {
  const n = problems.length;
  if (!n) return "no CORS problems";
  const by = (s: string): number => problems.filter((p) => p.severity === s).length;
  const parts = [
    [by("error"), "error"],
    [by("warning"), "warning"],
    [by("info"), "info"],
  ]
    .filter(([c]) => c)
    .map(([c, w]) => `${c} ${w}${c === 1 || w === "info" ? "" : "s"}`);
  return `${n} CORS problem${n === 1 ? "" : "s"} (${parts.join(", ")})`;
}

function showStatus(item: vscode.LanguageStatusItem, data: WorkspaceData): void {
  const s = data.status;
  item.busy = s.state === "scanning";
  if (s.state === "disabled") {
    item.text = "CORS Lint: off";
    item.severity = vscode.LanguageStatusSeverity.Information;
    return;
  }
  const n = data.problems.length;
  const files = new Set(data.problems.map((p) => p.uri)).size;
  item.text = n ? `$(shield) ${problemsText(data.problems)}` : "$(shield) CORS: no problems";
  item.detail = `${s.policies} CORS configuration${s.policies === 1 ? "" : "s"}; problems in ${files} file${files === 1 ? "" : "s"}`;
  item.severity = n
    ? vscode.LanguageStatusSeverity.Warning
    : vscode.LanguageStatusSeverity.Information;
}
