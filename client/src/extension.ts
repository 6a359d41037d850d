import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { StatusNotification, type ServerStatus } from "../../server/src/protocol";
import { registerCommands } from "./commands";
import { PoliciesView } from "./policies-view";
import { ProblemsView } from "./problems-view";
import { WorkspaceData } from "./workspace-data";

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
      showStatus(status, data.status);
      void vscode.commands.executeCommand(
        "setContext",
        "corsLint.scanning",
        data.status.state === "scanning",
      );
      const n = data.problems.length;
      problemsTree.badge = n
        ? { value: n, tooltip: `${n} CORS problem${n === 1 ? "" : "s"}` }
        : undefined;
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
  context.subscriptions.push(...registerCommands({ client: () => client, restart, log, problems }));
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
  };
  return new LanguageClient("corsLint", "CORS Lint", serverOptions, clientOptions);
}

function showStatus(item: vscode.LanguageStatusItem, s: ServerStatus): void {
  item.busy = s.state === "scanning";
  if (s.state === "disabled") {
    item.text = "CORS Lint: off";
    item.severity = vscode.LanguageStatusSeverity.Information;
    return;
  }
  item.text = s.problems
    ? `$(shield) ${s.problems} CORS problem${s.problems === 1 ? "" : "s"}`
    : "$(shield) CORS: no problems";
  item.detail = `${s.policies} CORS configuration${s.policies === 1 ? "" : "s"}; problems in ${s.files} file${s.files === 1 ? "" : "s"}`;
  item.severity = s.problems
    ? vscode.LanguageStatusSeverity.Warning
    : vscode.LanguageStatusSeverity.Information;
}
