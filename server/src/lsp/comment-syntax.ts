import type { Language } from "../core/model";
import { parseTypeScript, ts } from "../core/parse/typescript";
import { lineAt, lineStartsOf } from "../core/line-index";
import { parseSuppressions, type Suppression } from "../core/suppress";
import type { Edit } from "../core/model";

/** The three spellings core/suppress.ts reads. */
export type CommentStyle = "hash" | "slash" | "jsx";

/** The suppression comment for a rule in a style (the form `parseSuppressions` reads). */
export function suppressionComment(style: CommentStyle, rule: string): string {
  const body = `cors-lint-disable-next-line ${rule}`;
  if (style === "hash") return `# ${body}`;
  if (style === "jsx") return `{/* ${body} */}`;
  return `// ${body}`;
}

/** Whether the offset sits among a JSX element's children, where `//` would be text, not a comment. */
export function inJsxChildren(text: string, fileName: string, offset: number): boolean {
  if (!/\.[jt]sx$/i.test(fileName)) return false;
  const { sf } = parseTypeScript(text, fileName);
  let inChildren = false;
  const visit = (node: ts.Node): void => {
    const start = node.getStart(sf);
    if (offset < start || offset >= node.end) return;
    // A node starting exactly at the offset belongs to its parent's context (a child element, `{expr}`).
    if (offset > start) {
      if (ts.isJsxElement(node) || ts.isJsxFragment(node)) {
        const open = ts.isJsxElement(node) ? node.openingElement : node.openingFragment;
        const close = ts.isJsxElement(node) ? node.closingElement : node.closingFragment;
        inChildren = offset >= open.end && offset < close.getStart(sf);
      } else if (
        ts.isJsxExpression(node) ||
        ts.isJsxOpeningLikeElement(node) ||
        ts.isJsxAttributes(node)
      ) {
        inChildren = false;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return inChildren;
}

/**
 * The edit inserting "disable <rule> for this line" above the line holding `offset`, indented like it,
 * in the comment syntax of the file's language and of the spot (JSX children take `{/* *\/}`). When a
 * `disable-next-line` comment already stands above, the rule joins its list instead: a second comment
 * in between would make the first one apply to the new comment rather than to the code.
 */
export function disableLineEdit(
  text: string,
  fileName: string,
  language: Language,
  offset: number,
  rule: string,
): Edit {
  const starts = lineStartsOf(text);
  const line = lineAt(starts, offset);
  const existing = parseSuppressions(text, language).find(
    (x) => x.scope === "next-line" && x.line === line && x.rules.length > 0,
  );
  if (existing) return appendRule(text, existing, rule);
  const lineStart = starts[line];
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const firstCode = lineStart + indent.length;
  const style: CommentStyle =
    language === "python" ? "hash" : inJsxChildren(text, fileName, firstCode) ? "jsx" : "slash";
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return {
    start: lineStart,
    end: lineStart,
    newText: `${indent}${suppressionComment(style, rule)}${eol}`,
  };
}

/** Adds a rule to the list of an existing suppression comment, before its reason or closing. */
function appendRule(text: string, s: Suppression, rule: string): Edit {
  const comment = text.slice(s.span.start, s.span.end);
  const m = /cors-lint-disable-next-line([^\n]*?)(?=\s--|\s*\*\/|\s*$)/.exec(comment)!;
  const at = s.span.start + m.index + m[0].trimEnd().length;
  return { start: at, end: at, newText: `, ${rule}` };
}
