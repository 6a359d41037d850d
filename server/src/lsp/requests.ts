import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Connection, TextDocumentEdit, WorkspaceEdit } from "vscode-languageserver";
import { RULES } from "../core/rules";
import { docsUrl } from "../core/rules/docs-url";
import {
  FixAllRequest,
  OriginSuggestionsRequest,
  RescanRequest,
  RestrictOriginsRequest,
  RulesRequest,
  WorkspacePoliciesRequest,
  WorkspaceProblemsRequest,
  type WorkspacePolicy,
  type WorkspaceProblem,
} from "../protocol";
import { fixAllEdit, type ActionDocument } from "./code-actions";
import { isCounted, severityWord } from "./convert";
import { belongsTo, describePolicy } from "./describe";
import type { Linter } from "./linter";
import type { FileResult } from "./results";
import { originSuggestions, restrictOriginsRequest } from "./restrict";
import { canonicalUri, pathToUri } from "./uri";
import { realPathInside } from "../write-safety";

/** Registers the `corsLint/...` requests of protocol.ts. */
export function registerRequests(
  connection: Connection,
  linter: Linter,
  rescan: () => Promise<void>,
): void {
  connection.onRequest(WorkspaceProblemsRequest, () => linter.store.all().flatMap(problems));
  connection.onRequest(WorkspacePoliciesRequest, () => linter.store.all().flatMap(policies));
  connection.onRequest(RescanRequest, async () => {
    await rescan();
    return linter.status();
  });
  connection.onRequest(RulesRequest, () =>
    RULES.map((r) => ({
      name: r.meta.name,
      description: r.meta.description,
      docsUrl: docsUrl(r.meta.name),
    })),
  );
  connection.onRequest(OriginSuggestionsRequest, ({ uri, position }) =>
    originSuggestions(linter, uri, position),
  );
  connection.onRequest(RestrictOriginsRequest, (params) => restrictOriginsRequest(linter, params));
  connection.onRequest(FixAllRequest, async ({ uri }) => {
    const targets = uri
      ? [uri]
      : linter.store
          .all()
          .filter(hasBulkFix)
          .map((r) => r.uri);
    const documentChanges: TextDocumentEdit[] = [];
    for (const u of targets) {
      const doc = await actionDocument(linter, u);
      const edit = doc?.writable && fixAllEdit(doc);
      if (doc && edit)
        documentChanges.push({ textDocument: { uri: u, version: doc.version }, edits: [edit] });
    }
    return { documentChanges } satisfies WorkspaceEdit;
  });
}

function problems(r: FileResult): WorkspaceProblem[] {
  return r.diagnostics.flatMap((d, i) => {
    if (!isCounted(d)) return [];
    const rule = String(d.code);
    const span = { start: r.map.offset(d.range.start), end: r.map.offset(d.range.end) };
    return [
      {
        uri: r.uri,
        range: d.range,
        rule,
        title: ruleTitle(rule),
        subject: shorten(r.map.text.slice(span.start, span.end), 40),
        severity: severityWord(d.severity),
        message: typeof d.message === "string" ? d.message : d.message.value,
        docsUrl: d.codeDescription?.href ?? docsUrl(rule),
        context: r.analysis.findings[i]?.context.kind ?? "production",
      },
    ];
  });
}

/** "wildcard-origin" -> "Wildcard origin"; "missing-vary-origin" -> "Missing Vary: Origin". */
export function ruleTitle(rule: string): string {
  const words = rule.replace(/-vary-origin$/, " Vary: Origin").split("-");
  const s = words.join(" ").replace(/\bcors\b/, "CORS");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function policies(r: FileResult): WorkspacePolicy[] {
  return r.analysis.policies.map((p) => {
    const w = describePolicy(p);
    const inside = r.analysis.findings.filter((f) => belongsTo(f.span, p));
    return {
      uri: r.uri,
      range: r.map.range(p.span),
      anchor: r.map.range(p.anchor),
      framework: w.framework,
      whoMayRead: w.whoMayRead,
      credentials: !!p.credentials?.value,
      context: p.context.kind,
      contextReason: p.context.reason,
      options: p.options.map((o) => ({
        name: o.name,
        value: shorten(o.valueSpan ? r.map.text.slice(o.valueSpan.start, o.valueSpan.end) : ""),
        range: r.map.range(o.span),
      })),
      problems: inside.length,
      files: (p.files ?? []).map(pathToUri),
    };
  });
}

function shorten(s: string, max = 80): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? one.slice(0, max - 3) + "..." : one;
}

function hasBulkFix(r: FileResult): boolean {
  const unsafe = r.config.config.unsafeFixes;
  return r.analysis.findings.some((f) =>
    f.fixes.some((x) => x.applicability === "safe" || (unsafe && x.applicability === "unsafe")),
  );
}

/** What fix-all needs for a URI: the open buffer, or the file on disk. */
export async function actionDocument(
  linter: Linter,
  uri: string,
): Promise<ActionDocument | undefined> {
  const info = await linter.configFor(uri);
  if (!info) return undefined;
  const open = linter.documents.get(uri) ?? linter.openDocument(info.path);
  const stored = linter.store.get(canonicalUri(uri));
  let text: string;
  try {
    text = open ? open.getText() : readFileSync(info.path, "utf8");
  } catch {
    return undefined;
  }
  const version = open ? open.version : null;
  const roots = linter.folders.length ? linter.folders.map((f) => f.path) : [dirname(info.path)];
  return {
    uri,
    path: info.path,
    text,
    config: info.config,
    unsafe: info.config.config.unsafeFixes,
    policies: stored?.map.text === text ? stored.analysis.policies : undefined,
    version,
    diagnosticsVersion: stored?.origin === "open" ? (stored.version ?? version) : version,
    writable: realPathInside(info.path, roots).inside,
  };
}
