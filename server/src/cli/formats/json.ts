import type { Edit, Finding, Notice } from "../../core/model";
import {
  countProblems,
  noticeName,
  Positions,
  reportedNotices,
  type Position,
  type RunResult,
} from "../report";

/** An edit in the JSON report: 1-based positions plus the raw half-open UTF-16 offset range. */
export interface JsonEdit {
  start: Position;
  end: Position;
  range: [number, number];
  newText: string;
}

/** A finding in the JSON report (version 1). */
export interface JsonFinding {
  rule: string;
  severity: Finding["severity"];
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  context: Finding["context"];
  framework: Finding["framework"];
  fixes: { title: string; applicability: string; edits: JsonEdit[] }[];
}

/** A notice (syntax error, unused suppression) in the JSON report; counted as a warning. */
export interface JsonNotice {
  kind: string;
  severity: "warning";
  message: string;
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

/** The JSON report, version 1. See docs/cli.md for the contract. */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  notices: JsonNotice[];
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    hints: number;
    filesScanned: number;
    filesWithFindings: number;
    filesSkipped: number;
    durationMs: number;
    fixesApplied: number;
  };
}

/** The machine-readable report. Positions are 1-based; columns count UTF-16 code units; ends are exclusive. */
export function buildJson(result: RunResult): JsonReport {
  const findings: JsonFinding[] = [];
  const notices: JsonNotice[] = [];
  for (const file of result.files) {
    const pos = new Positions(file.text);
    const edit = (e: Edit): JsonEdit => ({
      start: pos.at(e.start),
      end: pos.at(e.end),
      range: [e.start, e.end],
      newText: e.newText,
    });
    for (const f of file.findings) {
      const start = pos.at(f.span.start);
      const end = pos.at(f.span.end);
      findings.push({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        file: file.display,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        context: { kind: f.context.kind, reason: f.context.reason },
        framework: f.framework,
        fixes: f.fixes.map((x) => ({
          title: x.title,
          applicability: x.applicability,
          edits: x.edits.map(edit),
        })),
      });
    }
    for (const n of reportedNotices(file)) notices.push(jsonNotice(n, file.display, pos));
  }
  const counts = countProblems(result.files);
  return {
    version: 1,
    findings,
    notices,
    summary: {
      ...counts,
      filesScanned: result.filesScanned,
      filesWithFindings: result.files.filter((f) => f.findings.length > 0).length,
      filesSkipped: result.notes.length,
      durationMs: Math.round(result.durationMs),
      fixesApplied: result.fixesApplied,
    },
  };
}

function jsonNotice(n: Notice, file: string, pos: Positions): JsonNotice {
  const out: JsonNotice = { kind: noticeName(n), severity: "warning", message: n.message, file };
  if (n.span) {
    const s = pos.at(n.span.start);
    const e = pos.at(n.span.end);
    Object.assign(out, { line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
  }
  return out;
}

/** The JSON report as text. */
export function formatJson(result: RunResult): string {
  return JSON.stringify(buildJson(result), null, 2) + "\n";
}
