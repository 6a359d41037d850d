import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { languageOf } from "../core/analyze";
import { fixUntilStable } from "../core/apply-fixes";
import type { Policy } from "../core/model";
import { restrictOrigins, restrictTarget } from "../core/restrict";
import { docsUrl } from "../core/rules/docs-url";
import { disableLineEdit } from "./comment-syntax";
import { relativePath, type EffectiveConfig } from "./config-files";
import { diagnosticData, LineMap, UNUSED_SUPPRESSION } from "./convert";

/** The code action kind of "fix all cors-lint problems", usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.corsLint`;

/** The server command that opens a rule's documentation (`window/showDocument`, external). */
export const SHOW_DOCS_COMMAND = "corsLint.showDocumentation";

/** What code actions need to know about the document. */
export interface ActionDocument {
  uri: string;
  path: string;
  text: string;
  config: EffectiveConfig;
  /** Whether bulk fixing takes unsafe fixes too (settings or config). */
  unsafe: boolean;
  /** The configurations found in `text`, when known (for "Restrict Origins..."). */
  policies?: readonly Policy[];
  /** The editor's version of `text`; null when it was read from disk. */
  version: number | null;
  /** The version the published diagnostics (and the fixes in their data) were computed from. */
  diagnosticsVersion: number | null;
  /** False when the file is a symbolic link to a path outside the workspace: fix-all skips it. */
  writable: boolean;
}

/**
 * A workspace edit bound to the document version it was computed from: the editor refuses it
 * when the document changed since, so a fix never overwrites text it did not read.
 */
export function versionedEdit(
  uri: string,
  version: number | null,
  edits: TextEdit[],
): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri, version }, edits }] };
}

/** The client command that asks for origins and applies `corsLint/restrictOrigins`. */
export const RESTRICT_COMMAND = "corsLint.restrictOrigins";

/** The client command that inserts a fix holding a placeholder as a snippet, the placeholder selected. */
export const PLACEHOLDER_COMMAND = "corsLint.applyFixWithPlaceholder";

/** Rules whose findings sit on a wildcard or reflecting entry. */
const RESTRICT_RULES = new Set(["wildcard-origin", "wildcard-credentials", "reflected-origin"]);

function wanted(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(k + "."));
}

/** Quick fixes, "disable for this line" and "show documentation" for our diagnostics, and fix-all. */
export function codeActions(params: CodeActionParams, doc: ActionDocument): CodeAction[] {
  const only = params.context.only;
  const out: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    for (const d of params.context.diagnostics) out.push(...quickFixes(d, doc));
    out.push(...restrictActions(params.context.diagnostics, doc));
    out.push(...disableActions(params.context.diagnostics, doc));
  }
  if (only && wanted(only, FIX_ALL_KIND)) {
    const edit = doc.writable ? fixAllEdit(doc) : undefined;
    if (edit) {
      out.push({
        title: "Fix all cors-lint problems",
        kind: FIX_ALL_KIND,
        edit: versionedEdit(doc.uri, doc.version, [edit]),
      });
    }
  }
  return out;
}

/**
 * A fix's edits as a WorkspaceEdit's changes: edits of the diagnostic's document, and those naming another
 * module (a value written in a settings or options module) under that module's URI.
 */
export function editsByUri(
  uri: string,
  edits: (TextEdit & { uri?: string })[],
): Record<string, TextEdit[]> {
  const out: Record<string, TextEdit[]> = {};
  for (const { uri: other, ...e } of edits) (out[other ?? uri] ??= []).push(e);
  return out;
}

/**
 * A fix's edits bound to versions: the diagnostic's document at the version its diagnostics were
 * computed from; another module (read from disk for the analysis) at version null.
 */
function versionedEdits(
  uri: string,
  version: number | null,
  edits: (TextEdit & { uri?: string })[],
): WorkspaceEdit {
  const byUri = editsByUri(uri, edits);
  return {
    documentChanges: Object.entries(byUri).map(([u, e]) => ({
      textDocument: { uri: u, version: u === uri ? version : null },
      edits: e,
    })),
  };
}

function quickFixes(d: Diagnostic, doc: ActionDocument): CodeAction[] {
  const data = diagnosticData(d);
  if (!data) return [];
  const fixes: CodeAction[] = data.fixes
    .filter((f) => f.edits.length > 0)
    .map((f) =>
      // An invented value is never inserted silently: the client inserts a snippet with it selected.
      f.placeholder
        ? {
            title: f.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            command: { title: f.title, command: PLACEHOLDER_COMMAND, arguments: [doc.uri, f] },
          }
        : {
            title: f.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: f.applicability === "safe",
            edit: versionedEdits(doc.uri, doc.diagnosticsVersion, f.edits),
          },
    );
  if (data.rule === UNUSED_SUPPRESSION) return fixes;
  const url = d.codeDescription?.href ?? docsUrl(data.rule);
  fixes.push({
    title: `Show documentation for ${data.rule}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    command: {
      title: `Show documentation for ${data.rule}`,
      command: SHOW_DOCS_COMMAND,
      arguments: [url],
    },
  });
  return fixes;
}

/** "Restrict Origins..." on a finding whose configuration the engine can restrict. */
function restrictActions(diagnostics: Diagnostic[], doc: ActionDocument): CodeAction[] {
  if (!doc.policies) return [];
  const map = new LineMap(doc.text);
  for (const d of diagnostics) {
    const data = diagnosticData(d);
    if (!data || !RESTRICT_RULES.has(data.rule)) continue;
    const target = restrictTarget(doc.policies, map.offset(d.range.start));
    if ("reason" in target || !restrictOrigins(doc.text, target.policy, [PROBE]).ok) continue;
    const title = "Restrict Origins...";
    return [
      {
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        command: { title, command: RESTRICT_COMMAND, arguments: [doc.uri, d.range.start] },
      },
    ];
  }
  return [];
}

/** Any valid origin: whether an edit exists does not depend on which one. */
const PROBE = "https://example.com";

function disableActions(diagnostics: Diagnostic[], doc: ActionDocument): CodeAction[] {
  const language = languageOf(doc.path);
  if (!language) return [];
  const map = new LineMap(doc.text);
  const seen = new Set<string>();
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const data = diagnosticData(d);
    if (!data || data.rule === UNUSED_SUPPRESSION) continue;
    const key = `${data.rule}|${d.range.start.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const edit = disableLineEdit(
      doc.text,
      doc.path,
      language,
      map.offset(d.range.start),
      data.rule,
    );
    out.push({
      title: `Disable ${data.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: versionedEdit(doc.uri, doc.version, [map.edit(edit)]),
    });
  }
  return out;
}

/** The text after applying bulk-applicable fixes until nothing changes (the engine's fix loop). */
export function fixAllText(doc: ActionDocument): string {
  const relative = relativePath(doc.config.baseDir, doc.path);
  return fixUntilStable(
    doc.text,
    doc.path,
    { config: doc.config.config, relativePath: relative },
    doc.unsafe,
  ).text;
}

/** One edit covering the changed middle of the text, or undefined when fix-all changes nothing. */
export function fixAllEdit(doc: ActionDocument): TextEdit | undefined {
  const after = fixAllText(doc);
  return minimalEdit(doc.text, after);
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  const map = new LineMap(before);
  return { range: map.range({ start, end: endB }), newText: after.slice(start, endA) };
}
