import { ts } from "../../parse/typescript";
import type { Value } from "../../values";
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
