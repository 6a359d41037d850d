import { lineAt, lineStartsOf } from "./line-index";
import type { Finding, Language, Notice, Span } from "./model";

/** One suppression comment. `rules` empty means every rule. */
export interface Suppression {
  scope: "next-line" | "line" | "file";
  rules: string[];
  reason?: string;
  /** The comment's span, for "unused suppression" reports and fixes. */
  span: Span;
  /** 0-based line the suppression applies to (-1 for file scope). */
  line: number;
}

const DIRECTIVE =
  /(#|\/\/|\/\*|\{\/\*)\s*cors-lint-disable(-next-line|-line|-file)?(?![\w-])([^\n]*?)(?:\*\/\}?)?[ \t]*$/gm;

/**
 * Finds suppression comments: `# cors-lint-disable-next-line rule[, rule] -- reason`,
 * `// cors-lint-disable-line`, `/* cors-lint-disable-file *\/`. One parser for server, CLI and SARIF.
 */
export function parseSuppressions(text: string, language: Language): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes("cors-lint-disable")) return out;
  const lineStarts = lineStartsOf(text);
  for (const m of text.matchAll(DIRECTIVE)) {
    const marker = m[1];
    if (language === "python" ? marker !== "#" : marker === "#") continue;
    const start = m.index!;
    const line = lineAt(lineStarts, start);
    const scope =
      m[2] === "-next-line"
        ? "next-line"
        : m[2] === "-line"
          ? "line"
          : m[2] === "-file"
            ? "file"
            : "file";
    const [ruleText, reason] = splitReason(m[3]);
    const rules = ruleText
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    out.push({
      scope,
      rules,
      reason,
      span: { start, end: start + m[0].trimEnd().length },
      line: scope === "file" ? -1 : scope === "next-line" ? line + 1 : line,
    });
  }
  return out;
}

function splitReason(s: string): [string, string | undefined] {
  const i = s.indexOf("--");
  if (i < 0) return [s.trim(), undefined];
  return [s.slice(0, i).trim(), s.slice(i + 2).trim() || undefined];
}

/** Splits findings into kept and suppressed, and reports suppressions that silenced nothing. */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  text: string,
): { kept: Finding[]; suppressed: Finding[]; unused: Notice[] } {
  if (suppressions.length === 0) return { kept: findings, suppressed: [], unused: [] };
  const lineStarts = lineStartsOf(text);
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const line = lineAt(lineStarts, f.span.start);
    const s = suppressions.find(
      (s) =>
        (s.scope === "file" || s.line === line) &&
        (s.rules.length === 0 || s.rules.includes(f.rule)),
    );
    if (s) {
      used.add(s);
      suppressed.push(f);
    } else kept.push(f);
  }
  const unused = suppressions
    .filter((s) => !used.has(s))
    .map((s) => ({
      kind: "unused-suppression" as const,
      message: `Unused suppression: no ${s.rules.length ? s.rules.join(", ") : "cors-lint"} finding ${
        s.scope === "file"
          ? "in this file"
          : s.scope === "line"
            ? "on this line"
            : "on the next line"
      }`,
      span: s.span,
      fixes: [
        {
          kind: "remove-suppression",
          title: "Remove the unused suppression comment",
          applicability: "safe" as const,
          edits: [removeCommentEdit(text, s.span)],
          affects: { origins: [] },
        },
      ],
    }));
  return { kept, suppressed, unused };
}

/**
 * Removes a comment: its whole line when nothing else stands on it, otherwise the comment and the
 * spaces before it.
 */
export function removeCommentEdit(
  text: string,
  span: Span,
): { start: number; end: number; newText: string } {
  const lineStart = text.lastIndexOf("\n", span.start - 1) + 1;
  const nl = text.indexOf("\n", span.end);
  const lineEnd = nl < 0 ? text.length : nl;
  const before = text.slice(lineStart, span.start);
  const after = text.slice(span.end, lineEnd);
  if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
    return { start: lineStart, end: nl < 0 ? lineEnd : nl + 1, newText: "" };
  }
  const start = span.start - (/[ \t]*$/.exec(before)?.[0].length ?? 0);
  return { start, end: span.end, newText: "" };
}
