import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
  type TextEdit,
} from "vscode-languageserver";
import type {
  Applicability,
  Edit,
  Finding,
  Fix,
  Notice,
  Placeholder,
  Severity,
  Span,
} from "../core/model";
import { docsUrl } from "../core/rules/docs-url";
import { LineIndex } from "../core/line-index";

/** The diagnostic source of every cors-lint diagnostic. */
export const SOURCE = "cors-lint";

/**
 * Turns UTF-16 offsets into LSP positions for one text. LSP's default position encoding is UTF-16 as
 * well, so a character is an offset minus its line start.
 */
export class LineMap extends LineIndex {
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  edit(e: Edit): TextEdit {
    return { range: this.range(e), newText: e.newText };
  }
}

/** A fix as it travels in `Diagnostic.data`: its edits already in LSP ranges. */
export interface WireFix {
  title: string;
  applicability: Applicability;
  /** Edits of the diagnostic's document, and (with `uri`) of other modules the fix edits. */
  edits: (TextEdit & { uri?: string })[];
  /** An invented value inside one edit's newText (offsets into it) that the user must replace. */
  placeholder?: Placeholder;
}

/** Where a file named by a span is: its URI and line map (the analysed document for undefined). */
export type Locate = (file: string | undefined) => { uri: string; map: LineMap };

/** What every cors-lint diagnostic carries in `data`, so code actions need no server state. */
export interface DiagnosticData {
  rule: string;
  fixes: WireFix[];
  /** The options' framework was inferred (no consumer found); a consumer's diagnostic replaces it. */
  inferred?: true;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP severity of a finding's severity. */
export function toSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITIES[s];
}

/**
 * Whether a diagnostic counts as a problem: errors, warnings and information do, hints do not (VS
 * Code's Problems panel leaves them out). The status totals and the workspace problem list use this.
 */
export function isCounted(d: Diagnostic): boolean {
  return d.severity !== DiagnosticSeverity.Hint;
}

/** The word for an LSP severity (for the tree views). */
export function severityWord(s: DiagnosticSeverity | undefined): Severity {
  return s === DiagnosticSeverity.Error
    ? "error"
    : s === DiagnosticSeverity.Information
      ? "info"
      : s === DiagnosticSeverity.Hint
        ? "hint"
        : "warning";
}

/** One fix in wire form. */
export function toWireFix(fix: Fix, map: LineMap): WireFix {
  return {
    title: fix.title,
    applicability: fix.applicability,
    edits: fix.edits.map((e) => map.edit(e)),
    ...(fix.placeholder ? { placeholder: fix.placeholder } : {}),
  };
}

/** A finding as an LSP diagnostic: tight range, rule as code, docs link, related spans and fixes. */
export function toDiagnostic(f: Finding, map: LineMap, uri: string, locate?: Locate): Diagnostic {
  // A finding placed in another module: spans naming that module are this document's, the rest the
  // analysed file's (locate(undefined)) or a third module's.
  const at = (s: Span): { uri: string; map: LineMap } =>
    !locate ? { uri, map } : s.file === f.span.file ? { uri, map } : locate(s.file);
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: at(r.span).uri, range: at(r.span).map.range(r.span) },
    message: r.message,
  }));
  const data: DiagnosticData = {
    rule: f.rule,
    fixes: f.fixes.map((x) => {
      const w = toWireFix(x, map);
      if (!locate) return w;
      const edits = x.edits.map((e) => {
        const l = at(e);
        return l.uri === uri ? l.map.edit(e) : { ...l.map.edit(e), uri: l.uri };
      });
      return { ...w, edits };
    }),
  };
  if (f.inferred) data.inferred = true;
  const d: Diagnostic = {
    range: map.range(f.span),
    severity: toSeverity(f.severity),
    source: SOURCE,
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    message:
      f.context.kind === "production"
        ? f.message
        : `${f.message} (${f.context.kind}: ${f.context.reason})`,
    data,
  };
  if (related.length) d.relatedInformation = related;
  return d;
}

/** The code of diagnostics for suppression comments that silence nothing. */
export const UNUSED_SUPPRESSION = "unused-suppression";

/**
 * An unused suppression comment as a faded warning (as the CLI counts it) with a fix that removes it.
 * Other notices are not diagnostics: syntax errors are the language's own extension's to show.
 */
export function noticeDiagnostic(n: Notice, map: LineMap): Diagnostic | undefined {
  if (n.kind !== "unused-suppression" || !n.span) return undefined;
  const data: DiagnosticData = {
    rule: UNUSED_SUPPRESSION,
    fixes: (n.fixes ?? []).map((x) => toWireFix(x, map)),
  };
  return {
    range: map.range(n.span),
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: UNUSED_SUPPRESSION,
    message: n.message,
    tags: [DiagnosticTag.Unnecessary],
    data,
  };
}

/** The `data` of a cors-lint diagnostic, or undefined when it is not one of ours or was mangled. */
export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  if (d.source !== SOURCE) return undefined;
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data.rule !== "string" || !Array.isArray(data.fixes)) return undefined;
  return data as DiagnosticData;
}
