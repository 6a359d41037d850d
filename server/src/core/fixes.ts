import type { Applicability, Edit, Fix, Language, Policy, Span } from "./model";

/** A fix from its parts; `kind` names what it does (see `Fix.kind`). */
export function fix<K extends string>(
  kind: K,
  title: string,
  applicability: Applicability,
  edits: Edit[],
): Fix<K> {
  return { kind, title, applicability, edits };
}

/** The quote character a string literal at `span` uses (`'`, `"` or `` ` ``), after any Python prefix. */
export function quoteOf(text: string, span: Span): string {
  const m = /^[rRbBuUfF]*(['"`])/.exec(text.slice(span.start, span.start + 4));
  return m ? m[1] : '"';
}

/** A string literal in the file's language, using the given quote. */
export function literal(value: string, quote = '"'): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .split(quote)
    .join("\\" + quote);
  return quote + escaped + quote;
}

/** The prefix (`r`, `u`, `f`, ...) and quote of a string literal that `literalAt` accepted. */
export interface LiteralForm {
  prefix: string;
  quote: string;
}

/**
 * The form of the string literal at `span` when it is one literal token written exactly as
 * `literal()` writes `value` (raw strings: the value between quotes). Undefined for anything else:
 * several literals (`"a" "b"`, `"a" + "b"`, templates with substitutions), a value transformed after
 * the literal (`"a,b".split(",")`), triple quotes, or escapes the encoder does not reproduce
 * (`"\x2f"`). Fixes rewrite a literal only when it round-trips, so they never change what they did
 * not read.
 */
export function literalAt(text: string, span: Span, value: string): LiteralForm | undefined {
  const src = text.slice(span.start, span.end);
  const m = /^([rRbBuUfF]*)(['"`])/.exec(src);
  if (!m) return undefined;
  const [, prefix, quote] = m;
  const body = src.slice(prefix.length);
  if (/[rR]/.test(prefix)) {
    if (value.includes(quote) || value.endsWith("\\")) return undefined;
    return body === quote + value + quote ? { prefix, quote } : undefined;
  }
  if (/[fF]/.test(prefix) && /[{}]/.test(value)) return undefined;
  if (quote === "`" && value.includes("${")) return undefined;
  return body === literal(value, quote) ? { prefix, quote } : undefined;
}

/**
 * Replaces the string literal at `span`, which must hold `from` as a round-tripping literal
 * (see `literalAt`), with `to` in the same quote style. Undefined when the literal cannot be
 * rewritten safely: callers then offer no fix.
 */
export function replaceString(
  text: string,
  span: Span,
  from: string,
  to: string,
): Edit | undefined {
  const form = literalAt(text, span, from);
  if (!form) return undefined;
  const raw = /[rR]/.test(form.prefix);
  const prefix =
    raw && (to.includes(form.quote) || to.includes("\\"))
      ? form.prefix.replace(/[rR]/g, "")
      : form.prefix.replace(/[fF]/g, "");
  const body = /[rR]/.test(prefix) ? form.quote + to + form.quote : literal(to, form.quote);
  return { start: span.start, end: span.end, newText: prefix + body };
}

/** A list literal of strings in the file's language and quote style. */
export function stringList(values: string[], quote: string): string {
  return "[" + values.map((v) => literal(v, quote)).join(", ") + "]";
}

/** Python's and JS's spelling of true. */
export function trueLiteral(language: Language): string {
  return language === "python" ? "True" : "true";
}

/** Python's and JS's spelling of false. */
export function falseLiteral(language: Language): string {
  return language === "python" ? "False" : "false";
}

/**
 * Removes an option (`key=value` or `key: value`) together with one adjoining comma and the spaces
 * around it, so that the remaining argument list stays well-formed.
 */
export function removeOption(text: string, span: Span): Edit {
  let start = span.start;
  let end = span.end;
  const after = /^\s*,[ \t]*/.exec(text.slice(end));
  if (after) {
    end += after[0].length;
    // Drop the now-empty line as well when the option stood on its own line.
    const rest = /^\r?\n?/.exec(text.slice(end));
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    if (rest && rest[0] && /^[ \t]*$/.test(text.slice(lineStart, start))) {
      start = lineStart;
      end += rest[0].length;
    }
  } else {
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) start -= before[0].length;
  }
  return { start, end, newText: "" };
}

/**
 * Adds an option at the end of a policy's argument list or object (`policy.insertAt` is the offset of the
 * closing bracket), with a separating comma when the list is not empty.
 */
export function insertOption(text: string, policy: Policy, source: string): Edit | undefined {
  const at = policy.insertAt;
  if (at === undefined) return undefined;
  const before = text.slice(0, at);
  const trimmed = before.trimEnd();
  const opener = trimmed.endsWith("(") || trimmed.endsWith("{");
  const hasComma = trimmed.endsWith(",");
  const multiline = /\n[ \t]*$/.test(before);
  if (multiline) {
    const indentMatch = /\n([ \t]*)[^\n]*\n[ \t]*$/.exec(before);
    const indent = indentMatch ? indentMatch[1] : "    ";
    const sep = opener || hasComma ? "" : ",";
    return { start: trimmed.length, end: trimmed.length, newText: `${sep}\n${indent}${source},` };
  }
  const sep = opener ? "" : hasComma ? " " : ", ";
  return { start: trimmed.length, end: trimmed.length, newText: `${sep}${source}` };
}
