import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import {
  WorkspacePoliciesRequest,
  WorkspaceProblemsRequest,
  type ServerStatus,
  type WorkspacePolicy,
  type WorkspaceProblem,
} from "../../server/src/protocol";

/**
 * What the tree views show: the server's problems and policies, fetched when the server says they
 * changed. The views read this in memory only (getChildren does no I/O).
 */
export class WorkspaceData implements vscode.Disposable {
  problems: WorkspaceProblem[] = [];
  policies: WorkspacePolicy[] = [];
  status: ServerStatus = { state: "scanning", problems: 0, files: 0, policies: 0 };
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after problems, policies or status changed. */
  readonly onDidChange = this.changed.event;
  private pending: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Takes a status push and refetches the lists (coalescing bursts into one fetch at a time). */
  update(status: ServerStatus): void {
    this.status = status;
    this.changed.fire();
    void this.refresh();
  }

  /** Fetches problems and policies from the server. */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = this.fetch().finally(() => {
      this.pending = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    const client = this.client();
    if (!client?.isRunning()) return;
    try {
      const [problems, policies] = await Promise.all([
        client.sendRequest(WorkspaceProblemsRequest),
        client.sendRequest(WorkspacePoliciesRequest),
      ]);
      this.problems = problems;
      this.policies = policies;
      this.changed.fire();
    } catch (e) {
      this.log.warn(`could not fetch workspace data: ${(e as Error).message}`);
    }
  }

  /** Forgets everything (the server stopped). */
  clear(): void {
    this.problems = [];
    this.policies = [];
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The LSP range as a VS Code range (plain numbers on both sides). */
export function toRange(r: WorkspaceProblem["range"]): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A command that opens a file with a range selected. */
export function revealCommand(
  uri: string,
  range: WorkspaceProblem["range"],
  title = "Reveal",
): vscode.Command {
  return {
    title,
    command: "vscode.open",
    arguments: [vscode.Uri.parse(uri), { selection: toRange(range), preserveFocus: false }],
  };
}

/** A workspace-relative path for display. */
export function displayPath(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
}
