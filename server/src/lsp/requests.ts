import { readFileSync } from "node:fs";
import type { Connection, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import type { PolicyInfo } from "../core/analyze";
import { RULES } from "../core/rules";
import { docsUrl } from "../core/rules/docs-url";
import { restrictOriginsFix } from "../core/rules/shared";
import {
  FixAllRequest,
  OriginSuggestionsRequest,
  RescanRequest,
  RestrictOriginsRequest,
  RulesRequest,
  WorkspacePoliciesRequest,
  WorkspaceProblemsRequest,
  type RestrictOriginsParams,
  type WorkspacePolicy,
  type WorkspaceProblem,
} from "../protocol";
import { fixAllEdit, type ActionDocument } from "./code-actions";
import { severityWord } from "./convert";
import { belongsTo, describePolicy } from "./describe";
import { policyAt } from "./hover";
import type { Linter } from "./linter";
import type { FileResult } from "./results";
import { canonicalUri } from "./uri";

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
  connection.onRequest(OriginSuggestionsRequest, async ({ uri }) => {
    const info = await linter.configFor(uri);
    const production = info?.config.config.productionOrigins ?? [];
    const used = new Set<string>();
    for (const r of linter.store.all()) {
      for (const p of r.analysis.policies) {
        for (const o of p.origins)
          if (o.kind === "exact" && /^https?:\/\/[^/]+$/.test(o.value)) used.add(o.value);
      }
    }
    return {
      productionOrigins: production,
      usedOrigins: [...used].filter((o) => !production.includes(o)).sort(),
    };
  });
  connection.onRequest(RestrictOriginsRequest, (params) => restrictOrigins(linter, params));
  connection.onRequest(FixAllRequest, async ({ uri }) => {
    const targets = uri
      ? [uri]
      : linter.store
          .all()
          .filter(hasBulkFix)
          .map((r) => r.uri);
    const changes: Record<string, TextEdit[]> = {};
    for (const u of targets) {
      const doc = await actionDocument(linter, u);
      const edit = doc && fixAllEdit(doc);
      if (edit) changes[u] = [edit];
    }
    return { changes } satisfies WorkspaceEdit;
  });
}

function problems(r: FileResult): WorkspaceProblem[] {
  return r.diagnostics.map((d, i) => ({
    uri: r.uri,
    range: d.range,
    rule: String(d.code),
    severity: severityWord(d.severity),
    message: typeof d.message === "string" ? d.message : d.message.value,
    docsUrl: d.codeDescription?.href ?? docsUrl(String(d.code)),
    context: r.analysis.findings[i]?.context.kind ?? "production",
  }));
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
    };
  });
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 80 ? one.slice(0, 77) + "..." : one;
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
  let text: string;
  try {
    text = open ? open.getText() : readFileSync(info.path, "utf8");
  } catch {
    return undefined;
  }
  return {
    uri,
    path: info.path,
    text,
    config: info.config,
    unsafe: info.config.config.unsafeFixes,
  };
}

async function restrictOrigins(
  linter: Linter,
  params: RestrictOriginsParams,
): Promise<WorkspaceEdit | null> {
  const origins = params.origins.map((o) => o.trim()).filter(Boolean);
  if (origins.length === 0) return null;
  const open = linter.documents.get(params.uri);
  const result = open
    ? await linter.validateOpen(params.uri)
    : linter.store.get(canonicalUri(params.uri));
  if (!result) return null;
  const offset = result.map.offset(params.position);
  const policy: PolicyInfo | undefined =
    policyAt(result, offset)?.policy ?? nearestWildcard(result, offset);
  if (!policy) return null;
  const ctx = {
    text: result.map.text,
    language: policy.language,
    fileName: result.path,
    config: { ...result.config.config, productionOrigins: origins },
    allPolicies: result.analysis.policies,
  };
  for (const o of policy.origins) {
    if (o.kind !== "any") continue;
    const fix = restrictOriginsFix(policy, o, ctx)[0];
    if (fix) return { changes: { [result.uri]: fix.edits.map((e) => result.map.edit(e)) } };
  }
  return null;
}

/** When the cursor is not inside a configuration, the first one in the file that allows any origin. */
function nearestWildcard(result: FileResult, offset: number): PolicyInfo | undefined {
  const wild = result.analysis.policies.filter((p) => p.origins.some((o) => o.kind === "any"));
  return wild.sort((a, b) => Math.abs(a.span.start - offset) - Math.abs(b.span.start - offset))[0];
}
