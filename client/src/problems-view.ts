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
    if (node.kind === "group") return this.groupItem(node);
    const p = node.problem;
    const line = p.range.start.line + 1;
    const where = `${displayPath(p.uri)}:${line}`;
    // Short rows: what was found first; where in the description (the group names the rest).
    const label = this.groupBy === "rule" ? p.subject || p.title : p.title;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.description =
      this.groupBy === "file"
        ? `line ${line}${p.subject ? ` · ${p.subject}` : ""}`
        : this.groupBy === "rule"
          ? where
          : `${where}${p.subject ? ` · ${p.subject}` : ""}`;
    item.tooltip = problemTooltip(p, where);
    item.accessibilityInformation = { label: `${p.severity} ${p.title} at ${where}: ${p.message}` };
    item.iconPath = SEVERITY_ICONS[p.severity];
    item.command = revealCommand(p.uri, p.range);
    item.contextValue = "problem";
    return item;
  }

  /** A group header: its name, and its count once (file groups get no resource decoration). */
  private groupItem(node: Extract<Node, { kind: "group" }>): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
    item.description = String(node.items.length);
    item.id = `${this.groupBy}:${node.key}`;
    if (this.groupBy === "severity") item.iconPath = SEVERITY_ICONS[node.key as ProblemSeverity];
    else if (this.groupBy === "file") item.iconPath = vscode.ThemeIcon.File;
    else item.iconPath = new vscode.ThemeIcon("law");
    item.contextValue = "group";
    return item;
  }
}

/** The whole finding: message, rule, place and context (the row shows only a part). */
function problemTooltip(p: WorkspaceProblem, where: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(p.message);
  md.appendMarkdown("\n\n");
  md.appendMarkdown(`**${p.title}** (\`${p.rule}\`, ${p.severity})  \n`);
  md.appendText(`${where}:${p.range.start.character + 1}`);
  md.appendMarkdown("  \n");
  md.appendText(`Context: ${p.context}`);
  if (p.subject) {
    md.appendMarkdown("  \n");
    md.appendCodeblock(p.subject);
  }
  return md;
}
