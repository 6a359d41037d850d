import * as vscode from "vscode";
import {
  PROBLEM_SEVERITIES,
  type ProblemSeverity,
  type WorkspaceProblem,
} from "../../server/src/protocol";
import { displayPath, revealCommand, type WorkspaceData } from "./workspace-data";

/** How the Problems view groups its entries. */
export type GroupBy = "severity" | "rule" | "file";

const SEVERITY_ORDER: readonly ProblemSeverity[] = PROBLEM_SEVERITIES;
const SEVERITY_ICONS: Record<ProblemSeverity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon("error", new vscode.ThemeColor("problemsErrorIcon.foreground")),
  warning: new vscode.ThemeIcon("warning", new vscode.ThemeColor("problemsWarningIcon.foreground")),
  info: new vscode.ThemeIcon("info", new vscode.ThemeColor("problemsInfoIcon.foreground")),
  hint: new vscode.ThemeIcon("lightbulb"),
};
const SEVERITY_LABELS: Record<ProblemSeverity, string> = {
  error: "Errors",
  warning: "Warnings",
  info: "Information",
  hint: "Hints",
};

type Node =
  | { kind: "group"; key: string; label: string; items: WorkspaceProblem[] }
  | { kind: "problem"; problem: WorkspaceProblem };

/** The CORS Problems view: every finding of the workspace, grouped by severity, rule or file. */
export class ProblemsView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  groupBy: GroupBy;

  constructor(
    private readonly data: WorkspaceData,
    private readonly memento: vscode.Memento,
  ) {
    this.groupBy = memento.get<GroupBy>("corsLint.problemsGroupBy", "severity");
    data.onDidChange(() => this.changed.fire(undefined));
    void vscode.commands.executeCommand("setContext", "corsLint.problemsGroupBy", this.groupBy);
  }

  /** Switches the grouping and remembers it for the workspace. */
  async setGroupBy(g: GroupBy): Promise<void> {
    this.groupBy = g;
    await this.memento.update("corsLint.problemsGroupBy", g);
    await vscode.commands.executeCommand("setContext", "corsLint.problemsGroupBy", g);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === "group") return node.items.map((problem) => ({ kind: "problem", problem }));
    if (node) return [];
    return this.groups();
  }

  private groups(): Node[] {
    const by = new Map<string, WorkspaceProblem[]>();
    const keyOf = (p: WorkspaceProblem): string =>
      this.groupBy === "severity" ? p.severity : this.groupBy === "rule" ? p.rule : p.uri;
    for (const p of this.data.problems) by.set(keyOf(p), [...(by.get(keyOf(p)) ?? []), p]);
    const keys = [...by.keys()];
    if (this.groupBy === "severity")
      keys.sort(
        (a, b) =>
          SEVERITY_ORDER.indexOf(a as ProblemSeverity) -
          SEVERITY_ORDER.indexOf(b as ProblemSeverity),
      );
    else keys.sort((a, b) => a.localeCompare(b));
    return keys.map((key) => ({
      kind: "group",
      key,
      label:
        this.groupBy === "severity"
          ? SEVERITY_LABELS[key as ProblemSeverity]
          : this.groupBy === "file"
            ? displayPath(key)
            : key,
      items: by.get(key)!,
    }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === "group") {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.items.length);
      item.id = `${this.groupBy}:${node.key}`;
      if (this.groupBy === "severity") item.iconPath = SEVERITY_ICONS[node.key as ProblemSeverity];
      else if (this.groupBy === "file") item.resourceUri = vscode.Uri.parse(node.key);
      else item.iconPath = new vscode.ThemeIcon("law");
      item.contextValue = "group";
      return item;
    }
    const p = node.problem;
    const item = new vscode.TreeItem(
      firstSentence(p.message),
      vscode.TreeItemCollapsibleState.None,
    );
    const where = `${displayPath(p.uri)}:${p.range.start.line + 1}`;
    item.description = this.groupBy === "rule" ? where : `${p.rule} · ${where}`;
    item.tooltip = new vscode.MarkdownString(
      `**${p.rule}** (${p.severity}, ${p.context})\n\n${p.message}\n\n[Documentation](${p.docsUrl})`,
    );
    item.iconPath = SEVERITY_ICONS[p.severity];
    item.command = revealCommand(p.uri, p.range);
    item.contextValue = "problem";
    return item;
  }
}

function firstSentence(message: string): string {
  const m = /^(.+?[.:])(\s|$)/.exec(message);
  return m ? m[1].replace(/:$/, "") : message;
}
