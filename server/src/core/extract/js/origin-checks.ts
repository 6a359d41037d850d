import type { Span } from "../../model";
import { ts } from "../../parse/typescript";
import type { FunctionBehaviour } from "../../values";
import { skipOuter } from "./bindings";
import { spanOf, unwrapNot, type Condition } from "./guards";
import type { JsResolver } from "./resolver";

/** A check on the request's origin that an allowing branch sits under. */
export type OriginCheck = Exclude<
  FunctionBehaviour,
  { kind: "identity" | "always-true" | "always-false" | "unknown" }
>;

/** What a condition says about the request's origin. */
export type CheckResult =
  /** Nothing that restricts the origin (`!origin`, `origin` present). */
  | { kind: "none" }
  | { kind: "check"; check: OriginCheck }
  /** About something else (`NODE_ENV`, a feature flag): the caller decides. */
  | { kind: "other"; expr: ts.Expression; whenTrue: boolean }
  | { kind: "unknown" };

/** How an expression relates to the request's Origin header. */
export interface OriginReader {
  /** Whether `e` is the request's origin (a callback parameter, a header read, or a local holding one). */
  isOrigin(e: ts.Expression): boolean;
  /** Whether `e` mentions the origin at all. */
  mentionsOrigin(e: ts.Expression): boolean;
}

const HEADER_NAME = /^origin$/i;

/** `req.headers.origin`, `req.headers['origin']`, `headers.get('origin')`, `req.get('Origin')`, `c.req.header('origin')`. */
export function isHeaderRead(e: ts.Expression): boolean {
  e = skipOuter(e);
  if (ts.isPropertyAccessExpression(e)) {
    return (
      HEADER_NAME.test(e.name.text) && /^(headers?|Headers)$/.test(memberName(e.expression) ?? "")
    );
  }
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    return (
      HEADER_NAME.test(e.argumentExpression.text) &&
      /^headers?$/.test(memberName(e.expression) ?? "")
    );
  }
  if (
    ts.isCallExpression(e) &&
    e.arguments.length === 1 &&
    ts.isStringLiteralLike(e.arguments[0])
  ) {
    const callee = skipOuter(e.expression);
    if (!ts.isPropertyAccessExpression(callee) || !HEADER_NAME.test(e.arguments[0].text))
      return false;
    return ["get", "header", "getHeader", "headers"].includes(callee.name.text);
  }
  return false;
}

function memberName(e: ts.Expression): string | undefined {
  e = skipOuter(e);
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

/** An OriginReader for a function whose parameter (if any) is the origin, reading locals through the resolver. */
export function originReader(r: JsResolver, originParam?: ts.Identifier): OriginReader {
  const isParam = (id: ts.Identifier): boolean => {
    if (!originParam || id.text !== originParam.text) return false;
    const b = r.bindings.lookup(id.text, id);
    return !!b && b.kind === "param" && b.decl === originParam.parent;
  };
  const isOrigin = (e: ts.Expression, depth = 0): boolean => {
    e = skipOuter(e);
    if (depth > 4) return false;
    if (ts.isIdentifier(e)) {
      if (isParam(e)) return true;
      const init = r.initializerOf(e);
      return !!init && isOrigin(init, depth + 1);
    }
    // `req.headers.origin || ''` and `origin ?? ''` still read the origin.
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken)
        return isOrigin(e.left, depth + 1);
      return false;
    }
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      const m = e.expression.name.text;
      if (m === "toString" || m === "trim" || m === "toLowerCase")
        return isOrigin(e.expression.expression, depth + 1);
    }
    return isHeaderRead(e);
  };
  const mentionsOrigin = (e: ts.Expression): boolean => {
    let found = false;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isExpression(n) && isOrigin(n)) found = true;
      else ts.forEachChild(n, visit);
    };
    visit(e);
    return found;
  };
  return { isOrigin: (e) => isOrigin(e), mentionsOrigin };
}

const RANK: Record<OriginCheck["kind"], number> = {
  "partial-check": 0,
  "regex-check": 1,
  "list-check": 2,
};

/** The weaker of two checks (the one that lets more through): partial < regex < list. */
export function weakest(a: OriginCheck, b: OriginCheck): OriginCheck {
  return RANK[a.kind] <= RANK[b.kind] ? a : b;
}

function strongest(a: OriginCheck, b: OriginCheck): OriginCheck {
  return RANK[a.kind] >= RANK[b.kind] ? a : b;
}

/** Reads one condition (with its truth) as a check on the origin. */
export function classifyCondition(c: Condition, o: OriginReader, r: JsResolver): CheckResult {
  const { expr, whenTrue } = unwrapNot(c);
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    // `check === true` is the check; `check === false` its negation.
    const cmp = comparison(expr);
    const lit = cmp && skipOuter(cmp.right).kind;
    if (cmp && (lit === ts.SyntaxKind.TrueKeyword || lit === ts.SyntaxKind.FalseKeyword)) {
      const same = (lit === ts.SyntaxKind.TrueKeyword) === cmp.equal;
      return classifyCondition({ expr: cmp.left, whenTrue: same === whenTrue }, o, r);
    }
    const and = op === ts.SyntaxKind.AmpersandAmpersandToken;
    if (and || op === ts.SyntaxKind.BarBarToken) {
      const parts = [expr.left, expr.right].map((x) =>
        classifyCondition({ expr: x, whenTrue }, o, r),
      );
      // `a && b` taken, or `a || b` not taken: both hold, so the stronger check applies.
      return and === whenTrue ? conjunction(parts) : disjunction(parts);
    }
  }
  const atom = atomCheck(expr, whenTrue, o, r);
  if (atom) return atom;
  if (!o.mentionsOrigin(expr)) return { kind: "other", expr, whenTrue };
  return { kind: "unknown" };
}

function conjunction(parts: CheckResult[]): CheckResult {
  const checks = parts.flatMap((p) => (p.kind === "check" ? [p.check] : []));
  if (checks.length) return { kind: "check", check: checks.reduce(strongest) };
  return (
    parts.find((p) => p.kind === "unknown") ??
    parts.find((p) => p.kind === "other") ?? { kind: "none" }
  );
}

function disjunction(parts: CheckResult[]): CheckResult {
  if (parts.some((p) => p.kind === "unknown" || p.kind === "other")) {
    return parts.find((p) => p.kind === "unknown") ?? parts.find((p) => p.kind === "other")!;
  }
  const checks = parts.flatMap((p) => (p.kind === "check" ? [p.check] : []));
  // `!origin || allowed.includes(origin)`: the missing-origin branch lets no cross-origin page through.
  return checks.length ? { kind: "check", check: checks.reduce(weakest) } : { kind: "none" };
}

const PARTIAL: Record<string, "endswith" | "startswith" | "includes"> = {
  endsWith: "endswith",
  startsWith: "startswith",
  includes: "includes",
};

function atomCheck(
  e: ts.Expression,
  whenTrue: boolean,
  o: OriginReader,
  r: JsResolver,
): CheckResult | undefined {
  // A bare origin (`if (!origin)`) only tells whether the header was sent.
  if (o.isOrigin(e) || isAbsenceTest(e, o)) return { kind: "none" };
  const span = spanOf(e);
  if (ts.isBinaryExpression(e)) {
    const idx = indexOfTest(e);
    if (idx)
      return idx.found === whenTrue
        ? receiverCheck(idx.call, "indexOf", o, r, span)
        : { kind: "unknown" };
    const cmp = comparison(e);
    if (!cmp) return undefined;
    const [a, b] = o.isOrigin(cmp.left) ? [cmp.left, cmp.right] : [cmp.right, cmp.left];
    if (!o.isOrigin(a)) return undefined;
    if (cmp.equal !== whenTrue) return { kind: "unknown" };
    return { kind: "check", check: { kind: "list-check", list: r.resolve(b) } };
  }
  if (!ts.isCallExpression(e)) return undefined;
  const callee = skipOuter(e.expression);
  if (!ts.isPropertyAccessExpression(callee) || !whenTrue) return undefined;
  const m = callee.name.text;
  if (m in PARTIAL || m === "has" || m === "some") return receiverCheck(e, m, o, r, span);
  if (m === "test" && e.arguments[0] && o.isOrigin(e.arguments[0])) {
    const re = r.resolve(callee.expression);
    if (re.kind === "regex")
      return {
        kind: "check",
        check: { kind: "regex-check", pattern: re.pattern, flags: re.flags, span: re.span },
      };
    return { kind: "unknown" };
  }
  if (m === "match" && o.isOrigin(callee.expression) && e.arguments[0]) {
    const re = r.resolve(e.arguments[0]);
    if (re.kind === "regex")
      return {
        kind: "check",
        check: { kind: "regex-check", pattern: re.pattern, flags: re.flags, span: re.span },
      };
    return { kind: "unknown" };
  }
  return undefined;
}

/** `origin.endsWith(x)` (a partial check) or `list.includes(origin)` / `set.has(origin)` (a list check). */
function receiverCheck(
  call: ts.CallExpression,
  method: string,
  o: OriginReader,
  r: JsResolver,
  span: Span,
): CheckResult {
  const callee = skipOuter(call.expression) as ts.PropertyAccessExpression;
  const recv = callee.expression;
  const arg = call.arguments[0];
  if (!arg) return { kind: "unknown" };
  if (isOriginDerived(recv, o) && method !== "has" && method !== "some") {
    const v = r.resolve(arg);
    if (v.kind !== "string") return { kind: "unknown" };
    const m = method === "indexOf" ? "indexOf" : PARTIAL[method];
    return { kind: "check", check: { kind: "partial-check", method: m, value: v.value, span } };
  }
  if (method === "some" && !someIsEquality(arg, o)) return { kind: "unknown" };
  if (method !== "some" && !o.isOrigin(arg)) return { kind: "unknown" };
  const list = r.resolve(recv);
  // `'https://a.com https://b.com'.includes(origin)`: any substring of the text passes.
  if (list.kind === "string") {
    return {
      kind: "check",
      check: { kind: "partial-check", method: "substring", value: list.value, span },
    };
  }
  return { kind: "check", check: { kind: "list-check", list } };
}

/** The origin itself or `new URL(origin).hostname` / `.host`. */
function isOriginDerived(e: ts.Expression, o: OriginReader): boolean {
  e = skipOuter(e);
  if (o.isOrigin(e)) return true;
  if (ts.isPropertyAccessExpression(e) && /^(hostname|host|origin)$/.test(e.name.text)) {
    const inner = skipOuter(e.expression);
    return ts.isNewExpression(inner) && !!inner.arguments?.[0] && o.isOrigin(inner.arguments[0]);
  }
  return false;
}

/** `list.some(x => x === origin)` */
function someIsEquality(fn: ts.Expression, o: OriginReader): boolean {
  if (!ts.isArrowFunction(fn) || ts.isBlock(fn.body)) return false;
  const p = fn.parameters[0];
  const body = skipOuter(fn.body);
  if (!p || !ts.isIdentifier(p.name) || !ts.isBinaryExpression(body)) return false;
  const cmp = comparison(body);
  if (!cmp || !cmp.equal) return false;
  const name = p.name.text;
  const isP = (x: ts.Expression): boolean =>
    ts.isIdentifier(skipOuter(x)) && (skipOuter(x) as ts.Identifier).text === name;
  return (isP(cmp.left) && o.isOrigin(cmp.right)) || (isP(cmp.right) && o.isOrigin(cmp.left));
}

function comparison(
  e: ts.BinaryExpression,
): { left: ts.Expression; right: ts.Expression; equal: boolean } | undefined {
  const k = e.operatorToken.kind;
  const S = ts.SyntaxKind;
  if (k === S.EqualsEqualsEqualsToken || k === S.EqualsEqualsToken)
    return { left: e.left, right: e.right, equal: true };
  if (k === S.ExclamationEqualsEqualsToken || k === S.ExclamationEqualsToken) {
    return { left: e.left, right: e.right, equal: false };
  }
  return undefined;
}

/** `x.indexOf(y) !== -1` (found), `> -1`, `>= 0`; `=== -1`, `< 0` (not found). */
function indexOfTest(
  e: ts.BinaryExpression,
): { call: ts.CallExpression; found: boolean } | undefined {
  const call = skipOuter(e.left);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
    return undefined;
  if (call.expression.name.text !== "indexOf") return undefined;
  const n = skipOuter(e.right).getText().replace(/\s+/g, "");
  const S = ts.SyntaxKind;
  switch (e.operatorToken.kind) {
    case S.ExclamationEqualsEqualsToken:
    case S.ExclamationEqualsToken:
      return n === "-1" ? { call, found: true } : undefined;
    case S.EqualsEqualsEqualsToken:
    case S.EqualsEqualsToken:
      return n === "-1" ? { call, found: false } : undefined;
    case S.GreaterThanToken:
      return n === "-1" ? { call, found: true } : undefined;
    case S.GreaterThanEqualsToken:
      return n === "0" ? { call, found: true } : undefined;
    case S.LessThanToken:
      return n === "0" ? { call, found: false } : undefined;
    default:
      return undefined; // other operators say nothing about indexOf's answer
  }
}

/** `origin === undefined`, `origin == null`, `typeof origin === 'undefined'`. */
function isAbsenceTest(e: ts.Expression, o: OriginReader): boolean {
  if (!ts.isBinaryExpression(e)) return false;
  const cmp = comparison(e);
  if (!cmp) return false;
  const side = (x: ts.Expression): boolean => {
    x = skipOuter(x);
    return o.isOrigin(x) || (ts.isTypeOfExpression(x) && o.isOrigin(x.expression));
  };
  const nil = (x: ts.Expression): boolean =>
    /^(undefined|null|'undefined'|"undefined"|'')$/.test(skipOuter(x).getText());
  return (side(cmp.left) && nil(cmp.right)) || (side(cmp.right) && nil(cmp.left));
}
