import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Edit, Finding, Severity } from "../../core/model";
import { docsUrl } from "../../core/rules/docs-url";
import { RULES, ruleByName } from "../../core/rules";
import type { RuleMeta } from "../../core/rules/types";
import { lineAt, lineStartsOf } from "../../core/line-index";
import { parseSuppressions } from "../../core/suppress";
import { noticeName, Positions, type FileResult, type RunResult } from "../report";

/** Where the project lives; result URIs are relative to it. */
const SRCROOT = "%SRCROOT%";
export const INFORMATION_URI = "https://github.com/cors-lint/cors-lint";

type Json = Record<string, unknown>;

const LEVEL: Record<Severity, string> = {
  error: "error",
  warning: "warning",
  info: "note",
  hint: "note",
};

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: rule metadata from the registry, results with
 * stable partial fingerprints, safe fixes as artifact changes, suppressed findings with their justification.
 */
export function buildSarif(result: RunResult): Json {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.name, i]));
  const results: Json[] = [];
  const notifications: Json[] = [];
  for (const file of result.files) {
    const uri = uriOf(file, result.srcRoot);
    const pos = new Positions(file.text);
    const occurrences = new Map<string, number>();
    const emit = (f: Finding, suppression?: Json): void => {
      const n = occurrences.get(f.fingerprint) ?? 0;
      occurrences.set(f.fingerprint, n + 1);
      results.push(
        sarifResult(f, uri, pos, ruleIndex.get(f.rule), `${f.fingerprint}:${n}`, suppression),
      );
    };
    for (const f of file.findings) emit(f);
    for (const f of file.suppressed) emit(f, suppressionOf(file, f));
    for (const n of file.notices) {
      const level = n.kind === "internal" ? "error" : "warning";
      const region = n.span ? regionOf(pos, n.span) : undefined;
      notifications.push({
        level,
        message: { text: sentence(n.message) },
        descriptor: { id: noticeName(n) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: SRCROOT },
              ...(region && { region }),
            },
          },
        ],
      });
    }
  }
  for (const note of result.notes) {
    notifications.push({
      level: "warning",
      message: { text: sentence(`${pathUri(note.path, result.srcRoot)}: ${note.message}`) },
      descriptor: { id: "skipped-file" },
    });
  }
  const internalError = result.files.some((f) => f.notices.some((n) => n.kind === "internal"));
  return {
    $schema:
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cors-lint",
            version: result.version,
            semanticVersion: result.version,
            informationUri: INFORMATION_URI,
            rules: RULES.map((r) => ruleDescriptor(r.meta)),
          },
        },
        invocations: [
          { executionSuccessful: !internalError, toolExecutionNotifications: notifications },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: dirUri(result.srcRoot) } },
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

/** The SARIF log as text. */
export function formatSarif(result: RunResult): string {
  return JSON.stringify(buildSarif(result), null, 2) + "\n";
}

function ruleDescriptor(meta: RuleMeta): Json {
  const level = LEVEL[meta.defaultSeverity];
  const cweTags = meta.cwe.map((c) => `external/cwe/cwe-${c}`);
  const refs = meta.references;
  const cwes = meta.cwe.map((c) => `CWE-${c}`).join(", ");
  // "Reports X (CWE-942)." rather than "Reports X. (CWE-942)."
  const full = sentence(`${meta.description.replace(/\.$/, "")}${cwes ? ` (${cwes})` : ""}`);
  const markdown = [
    `**${meta.name}**: ${sentence(meta.description)}`,
    "",
    `Documentation: [${meta.name}](${docsUrl(meta.name)})`,
    ...(refs.length ? ["", "References:", ...refs.map((r) => `- <${r}>`)] : []),
  ].join("\n");
  return {
    id: meta.name,
    name: pascal(meta.name),
    shortDescription: { text: sentence(meta.description) },
    fullDescription: { text: full },
    help: { text: `${full} See ${docsUrl(meta.name)}`, markdown },
    helpUri: docsUrl(meta.name),
    defaultConfiguration: { level },
    properties: {
      tags: ["security", "cors", ...cweTags],
      precision: "high",
      "problem.severity":
        meta.defaultSeverity === "error"
          ? "error"
          : meta.defaultSeverity === "warning"
            ? "warning"
            : "recommendation",
      "security-severity": meta.securitySeverity.toFixed(1),
    },
  };
}

function sarifResult(
  f: Finding,
  uri: string,
  pos: Positions,
  index: number | undefined,
  fp: string,
  suppression?: Json,
): Json {
  const region = {
    ...regionOf(pos, f.span),
    snippet: { text: pos.slice(f.span.start, f.span.end) },
  };
  const location = {
    physicalLocation: {
      artifactLocation: { uri, uriBaseId: SRCROOT },
      region,
      contextRegion: contextOf(pos, region),
    },
  };
  const safe = f.fixes.filter((x) => x.applicability === "safe");
  // A message with its own severity (a broken, not exploitable, case) carries its own score.
  const own = ruleByName(f.rule)?.meta.messageSeverity?.[f.messageId];
  return {
    ruleId: f.rule,
    ...(index !== undefined && { ruleIndex: index }),
    level: LEVEL[f.severity],
    message: { text: sentence(f.message) },
    locations: [location],
    partialFingerprints: { "corsLintFingerprint/v1": fp },
    properties: {
      context: f.context.kind,
      contextReason: f.context.reason,
      framework: f.framework,
      ...(own && { "security-severity": own.securitySeverity.toFixed(1) }),
    },
    ...(safe.length && {
      fixes: safe.map((x) => ({
        description: { text: sentence(x.title) },
        artifactChanges: [
          {
            artifactLocation: { uri, uriBaseId: SRCROOT },
            replacements: x.edits.map((e) => replacement(pos, e)),
          },
        ],
      })),
    }),
    ...(suppression && { suppressions: [suppression] }),
  };
}

function replacement(pos: Positions, e: Edit): Json {
  return { deletedRegion: regionOf(pos, e), insertedContent: { text: e.newText } };
}

function regionOf(pos: Positions, span: { start: number; end: number }): Json {
  const s = pos.at(span.start);
  const e = pos.at(span.end);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

/** The whole lines around a region, so viewers can show code without the checkout. */
function contextOf(pos: Positions, region: Json): Json {
  const startLine = region.startLine as number;
  const endLine = region.endLine as number;
  const lines: string[] = [];
  for (let l = startLine; l <= endLine; l++) lines.push(pos.lineText(l));
  return { startLine, endLine, snippet: { text: lines.join("\n") } };
}

/** The in-source suppression that silenced a finding (the same parser the engine uses), with its reason. */
function suppressionOf(file: FileResult, f: Finding): Json {
  const language = file.language ?? "typescript";
  const line = lineAt(lineStartsOf(file.text), f.span.start);
  const s = parseSuppressions(file.text, language).find(
    (x) =>
      (x.scope === "file" || x.line === line) && (x.rules.length === 0 || x.rules.includes(f.rule)),
  );
  return { kind: "inSource", status: "accepted", ...(s?.reason && { justification: s.reason }) };
}

function uriOf(file: FileResult, root: string): string {
  return pathUri(file.path, root);
}

/** A path relative to the root as a URI reference (segments percent-encoded, forward slashes). */
function pathUri(path: string, root: string): string {
  return relative(root, path).split(sep).map(encodeURIComponent).join("/");
}

function dirUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : href + "/";
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}

/** SARIF viewers expect messages to end with a period. */
function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
