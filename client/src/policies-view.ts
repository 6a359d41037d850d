import * as vscode from "vscode";
import type { PolicyOption, WorkspacePolicy } from "../../server/src/protocol";
import { displayPath, revealCommand, type WorkspaceData } from "./workspace-data";

type Node =
  | { kind: "policy"; policy: WorkspacePolicy }
  | { kind: "fact"; policy: WorkspacePolicy; label: string; value: string }
  | { kind: "option"; policy: WorkspacePolicy; option: PolicyOption };

/** The CORS Policies view: every CORS configuration of the workspace and its options. */
export class PoliciesView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly data: WorkspaceData) {
    data.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.data.policies.map((policy) => ({ kind: "policy", policy }));
    if (node.kind !== "policy") return [];
    const p = node.policy;
    const facts: Node[] = [
      { kind: "fact", policy: p, label: "Who may read", value: p.whoMayRead },
      {
        kind: "fact",
        policy: p,
        label: "Cookies",
        value: p.credentials ? "sent (credentials allowed)" : "not sent",
      },
      { kind: "fact", policy: p, label: "Context", value: `${p.context}: ${p.contextReason}` },
      ...(p.files.length
        ? [
            {
              kind: "fact" as const,
              policy: p,
              label: "Built from",
              value: ["this file", ...p.files.map(displayPath)].join(", "),
            },
          ]
        : []),
    ];
    return [...facts, ...p.options.map((option): Node => ({ kind: "option", policy: p, option }))];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === "policy") return policyItem(node.policy);
    if (node.kind === "fact") {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.description = node.value;
      item.tooltip = `${node.label}: ${node.value}`;
      item.iconPath = new vscode.ThemeIcon("info");
      item.command = revealCommand(node.policy.uri, node.policy.anchor);
      return item;
    }
    const item = new vscode.TreeItem(node.option.name, vscode.TreeItemCollapsibleState.None);
    item.description = node.option.value;
    item.tooltip = `${node.option.name} = ${node.option.value}`;
    item.iconPath = new vscode.ThemeIcon("symbol-property");
    item.command = revealCommand(node.policy.uri, node.option.range);
    return item;
  }
}

function policyItem(p: WorkspacePolicy): vscode.TreeItem {
  const label = `${p.framework}: ${p.whoMayRead}`;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  const where = `${displayPath(p.uri)}:${p.range.start.line + 1}`;
  const parts = [p.credentials ? "with cookies" : "no cookies", p.context];
  if (p.problems) parts.unshift(`${p.problems} problem${p.problems === 1 ? "" : "s"}`);
  item.description = `${parts.join(" · ")} · ${where}`;
  item.tooltip = new vscode.MarkdownString(
    `**${p.framework}** in ${where}\n\n- Who may read: ${p.whoMayRead}\n- Cookies: ${
      p.credentials ? "allowed" : "not allowed"
    }\n- Context: ${p.context} (${p.contextReason})${
      p.files.length ? `\n- Built from: this file, ${p.files.map(displayPath).join(", ")}` : ""
    }${p.problems ? `\n- **${p.problems} problem(s)**` : ""}`,
  );
  item.iconPath = p.problems
    ? new vscode.ThemeIcon("shield", new vscode.ThemeColor("problemsWarningIcon.foreground"))
    : new vscode.ThemeIcon("shield");
  item.command = revealCommand(p.uri, p.anchor);
  item.id = `${p.uri}#${p.range.start.line}:${p.range.start.character}`;
  item.contextValue = p.problems ? "policyWithProblems" : "policy";
  return item;
}
