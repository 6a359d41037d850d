import type { Guard, Span } from "../../model";
import { ts } from "../../parse/typescript";
import { plusPieces, type ChoiceOption, type Value } from "../../values";
import { spanOf } from "./guards";

/** An unresolvable expression, with a short text for dynamic-entry descriptions. */
export function unknownOf(n: ts.Node): Value {
  const text = n.getText().replace(/\s+/g, " ");
  return {
    kind: "unknown",
    span: spanOf(n),
    text: text.length > 80 ? text.slice(0, 77) + "..." : text,
  };
}

/** `/pattern/flags` split into its parts (the pattern keeps its escapes: it is regex source). */
export function regexLiteral(n: ts.RegularExpressionLiteral): Value {
  const t = n.text;
  const end = t.lastIndexOf("/");
  return { kind: "regex", pattern: t.slice(1, end), flags: t.slice(end + 1), span: spanOf(n) };
}

/** `a + b` on strings and numbers (JS concatenation), and on lists for `concat`. */
export function concat(a: Value, b: Value, span: Span): Value {
  const str = (v: Value): string | undefined =>
    v.kind === "string" ? v.value : v.kind === "number" ? String(v.value) : undefined;
  const sa = str(a);
  const sb = str(b);
  if (sa !== undefined && sb !== undefined && (a.kind === "string" || b.kind === "string")) {
    return { kind: "string", value: sa + sb, span, pieces: plusPieces(a, b) };
  }
  if (a.kind === "number" && b.kind === "number")
    return { kind: "number", value: a.value + b.value, span };
  if (a.kind === "choice" && sb !== undefined) {
    return {
      ...a,
      span,
      options: a.options.map((o) => ({ ...o, value: concat(o.value, b, span) })),
    };
  }
  return { kind: "unknown", span, text: "" };
}

function contradicts(guards: Guard[]): boolean {
  return guards.some((g) =>
    guards.some(
      (h) =>
        h.span.start === g.span.start && h.span.end === g.span.end && h.whenTrue !== g.whenTrue,
    ),
  );
}

function dedupe(guards: Guard[]): Guard[] {
  return guards.filter(
    (g, i) =>
      guards.findIndex(
        (h) =>
          h.span.start === g.span.start && h.span.end === g.span.end && h.whenTrue === g.whenTrue,
      ) === i,
  );
}

/** A choice between alternatives; nested choices are flattened and impossible branches dropped. */
export function choiceOf(options: ChoiceOption[], span: Span): Value {
  const flat: ChoiceOption[] = [];
  for (const o of options) {
    if (o.value.kind === "choice") {
      for (const inner of o.value.options)
        flat.push({ value: inner.value, guards: dedupe([...o.guards, ...inner.guards]) });
    } else flat.push(o);
  }
  const kept = flat.filter((o) => !contradicts(o.guards));
  if (kept.length === 1 && kept[0].guards.length === 0) return kept[0].value;
  return { kind: "choice", options: kept, span };
}

/** Drops list items the predicate rejects, through env lookups and choices. */
export function filterItems(v: Value, keep: (item: Value) => boolean): Value {
  switch (v.kind) {
    case "list":
      return { ...v, items: v.items.filter(keep) };
    case "env":
      return { ...v, fallback: v.fallback ? filterItems(v.fallback, keep) : undefined };
    case "choice":
      return { ...v, options: v.options.map((o) => ({ ...o, value: filterItems(o.value, keep) })) };
    default:
      return v;
  }
}

/** A string transformation `s => s.trim()`-like arrow, recognised by its body's text. */
export function stringMapper(fn: ts.Expression): ((s: string) => string) | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const p = fn.parameters[0];
  if (!p || !ts.isIdentifier(p.name)) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!only || !ts.isReturnStatement(only) || !only.expression) return undefined;
    body = only.expression;
  }
  const name = p.name.text;
  const chain = body.getText().replace(/\s+/g, "");
  if (!chain.startsWith(name)) return undefined;
  const ops = chain
    .slice(name.length)
    .split(/(?=\.)/)
    .filter(Boolean);
  const steps: ((s: string) => string)[] = [];
  for (const op of ops) {
    if (op === ".trim()") steps.push((s) => s.trim());
    else if (op === ".toLowerCase()") steps.push((s) => s.toLowerCase());
    else if (op === ".trimEnd()") steps.push((s) => s.trimEnd());
    else if (op === ".trimStart()") steps.push((s) => s.trimStart());
    else return undefined;
  }
  return (s) => steps.reduce((acc, f) => f(acc), s);
}

/** Whether a `.filter(..)` argument only drops empty strings (`Boolean`, `s => s`, `s => !!s`, `s => s.length`). */
export function dropsEmpty(fn: ts.Expression): boolean {
  if (ts.isIdentifier(fn)) return fn.text === "Boolean";
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const p = fn.parameters[0];
  if (!p || !ts.isIdentifier(p.name) || ts.isBlock(fn.body)) return false;
  const n = p.name.text;
  const body = fn.body.getText().replace(/\s+/g, "");
  return [
    n,
    `!!${n}`,
    `${n}.length`,
    `${n}.trim()`,
    `${n}!==''`,
    `${n}!==""`,
    `${n}.length>0`,
  ].includes(body);
}

/** Whether a list item is an empty string. */
export function isEmptyString(v: Value): boolean {
  return v.kind === "string" && v.value === "";
}
