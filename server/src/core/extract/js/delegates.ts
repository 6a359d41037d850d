import type { Guard } from "../../model";
import { ts } from "../../parse/typescript";
import {
  alternatives,
  entry,
  type AcceptPath,
  type ChoiceOption,
  type DictEntry,
  type Value,
} from "../../values";
import { all, type Formula } from "../origins";
import { summariseFunction, type FnLike } from "./behaviour";
import { condition, type CheckContext } from "./conditions";
import { spanOf } from "./guards";
import { originReader } from "./origin-checks";
import type { JsResolver } from "./resolver";

/**
 * The options a conditional Express options delegate hands over, as one options object whose
 * `origin` is a function summary: `if (allowlist.indexOf(req.header('Origin')) !== -1) opts = { origin:
 * true }; else opts = { origin: false }; callback(null, opts)` accepts what the allowlist accepts.
 * Each object handed over is read under the conditions (on the request's Origin header) that select it;
 * `credentials` is on when any object turns it on. Undefined when a path cannot be read.
 */
export function conditionalDelegate(fn: FnLike, r: JsResolver): Value | undefined {
  const s = summariseFunction(fn, r, -1, 1);
  if (s.kind !== "paths" || !fn.body) return undefined;
  const ctx: CheckContext = { r, o: originReader(r), items: new Map() };
  const paths: AcceptPath[] = [];
  const credentials: ChoiceOption[] = [];
  for (const p of s.paths) {
    if (p.answer.kind !== "value") return undefined;
    for (const alt of alternatives(p.answer.value)) {
      const d = alt.value;
      if (d.kind !== "dict") return undefined;
      const when = all([
        { kind: "dnf", terms: [{ checks: p.checks, negated: p.negated, guards: p.guards }] },
        ...alt.guards.map((g) => guardFormula(ctx, fn, g)),
      ]);
      if (when.kind === "unknown") return undefined;
      const cred = entry(d, "credentials");
      if (cred) credentials.push({ value: cred.value, guards: alt.guards });
      const origin = entry(d, "origin")?.value;
      for (const t of when.terms) {
        const base = {
          checks: t.checks,
          ...(t.negated ? { negated: t.negated } : {}),
          guards: t.guards,
        };
        if (!origin)
          paths.push({
            ...base,
            answer: { kind: "value", value: { kind: "string", value: "*", span: d.span } },
          });
        else if (origin.kind === "bool") {
          if (origin.value) paths.push({ ...base, answer: { kind: "true" } });
        } else if (origin.kind !== "null")
          paths.push({ ...base, answer: { kind: "value", value: origin } });
      }
    }
  }
  const span = spanOf(fn);
  const entries: DictEntry[] = [
    {
      key: "origin",
      keySpan: span,
      span,
      value: { kind: "function", span, summary: { kind: "paths", paths } },
    },
  ];
  if (credentials.length)
    entries.push({
      key: "credentials",
      keySpan: span,
      span,
      value: { kind: "choice", options: credentials, span },
    });
  return { kind: "dict", entries, span };
}

/** A guard recorded by the resolver, read again from its expression as a condition on the origin. */
function guardFormula(ctx: CheckContext, fn: FnLike, g: Guard): Formula {
  const node = expressionAt(fn, g.span.start, g.span.end);
  return node ? condition(ctx, node, g.whenTrue) : { kind: "unknown" };
}

function expressionAt(root: ts.Node, start: number, end: number): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found || n.getStart() > start || n.getEnd() < end) return;
    if (n.getStart() === start && n.getEnd() === end && ts.isExpression(n)) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}
