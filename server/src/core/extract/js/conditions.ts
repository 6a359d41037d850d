import { conditionKind } from "../../context";
import type { OriginTransform } from "../../model";
import { ts } from "../../parse/typescript";
import {
  stringsOf,
  truthy,
  type OriginCheck,
  type PartialMethod,
  type Value,
  soleList,
} from "../../values";
import {
  acceptance,
  and,
  any,
  all,
  checkF,
  FALSE,
  guardF,
  not,
  or,
  TRUE,
  UNKNOWN,
  type Formula,
} from "../origins";
import { skipOuter } from "./bindings";
import { guardOf, spanOf } from "./guards";
import type { OriginReader } from "./origin-checks";
import { transformsOf } from "./origin-transforms";
import type { JsResolver } from "./resolver";

/** What reading a condition needs: the file, the origin, and parameters bound to list items. */
export interface CheckContext {
  r: JsResolver;
  o: OriginReader;
  /** Array-predicate and `for...of` parameters, each bound to one item of a list. */
  items: Map<ts.Node, Value>;
  /** Summarises a same-module helper called with the origin at `index` (depth-limited by the caller). */
  helper?: (call: ts.CallExpression, index: number) => Formula | undefined;
  /** Conditions about something else (the method, a flag) become guards instead of unknown. */
  otherAsGuard?: boolean;
}

/** A value, with item-bound parameters read as their item. */
export function valueIn(ctx: CheckContext, e: ts.Expression): Value {
  e = skipOuter(e);
  if (ts.isIdentifier(e)) {
    const b = ctx.r.bindings.lookup(e.text, e);
    const item = b && ctx.items.get(b.decl);
    if (item) return item;
  }
  // `item.replace("https://", "")`, `item.toLowerCase()` on an item-bound parameter.
  if (ctx.items.size && ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const recv = valueIn(ctx, e.expression.expression);
    const m = e.expression.name.text;
    const [a, b] = e.arguments.map((x) => valueIn(ctx, x));
    if (recv.kind === "string") {
      const s = recv.value;
      const out =
        m === "toLowerCase"
          ? s.toLowerCase()
          : m === "trim"
            ? s.trim()
            : m === "replace" && a?.kind === "string" && b?.kind === "string"
              ? s.replace(a.value, () => b.value)
              : undefined;
      if (out !== undefined) return { kind: "string", value: out, span: recv.span };
    }
  }
  return ctx.r.resolve(e);
}

/** The steps from the request's origin to `e`, or undefined when `e` is not derived from it. */
export function derived(ctx: CheckContext, e: ts.Expression): OriginTransform[] | undefined {
  return transformsOf(
    e,
    (x) => ctx.o.isOrigin(x),
    (x) => valueIn(ctx, x),
    (id) => (isItem(ctx, id) ? undefined : ctx.r.initializerOf(id)),
  );
}

function isItem(ctx: CheckContext, id: ts.Identifier): boolean {
  const b = ctx.r.bindings.lookup(id.text, id);
  return !!b && ctx.items.has(b.decl);
}

const tf = (t: OriginTransform[]): { transform?: OriginTransform[] } =>
  t.length ? { transform: t } : {};

/**
 * What must hold of the origin for `e` to be `whenTrue`, as a formula of checks. Conditions that do
 * not mention the origin become guards when they name the environment; other ones are unknown.
 */
export function condition(ctx: CheckContext, e: ts.Expression, whenTrue: boolean): Formula {
  e = skipOuter(e);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
    return condition(ctx, e.operand, !whenTrue);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return whenTrue ? TRUE : FALSE;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return whenTrue ? FALSE : TRUE;
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    const S = ts.SyntaxKind;
    if (k === S.AmpersandAmpersandToken || k === S.BarBarToken) {
      const l = condition(ctx, e.left, whenTrue);
      const r = condition(ctx, e.right, whenTrue);
      return (k === S.AmpersandAmpersandToken) === whenTrue ? and(l, r) : or(l, r);
    }
    if (k === S.QuestionQuestionToken && isFalsy(e.right)) return condition(ctx, e.left, whenTrue);
    const cmp = comparison(e);
    const lit = cmp && skipOuter(cmp.right).kind;
    if (cmp && (lit === S.TrueKeyword || lit === S.FalseKeyword)) {
      const same = (lit === S.TrueKeyword) === cmp.equal;
      return condition(ctx, cmp.left, same === whenTrue);
    }
  }
  if (ts.isConditionalExpression(e)) {
    const c = condition(ctx, e.condition, true);
    const nc = condition(ctx, e.condition, false);
    return or(
      and(c, condition(ctx, e.whenTrue, whenTrue)),
      and(nc, condition(ctx, e.whenFalse, whenTrue)),
    );
  }
  const atom = atomOf(ctx, e);
  if (atom) return whenTrue !== atom.negated ? atom.f : not(atom.f);
  if (!ctx.o.mentionsOrigin(e) && !mentionsItem(ctx, e)) {
    // `NODE_ENV !== "production"`: a guard the rules classify; anything else is unreadable.
    const k = constantTruth(ctx, e);
    if (k !== undefined) return k === whenTrue ? TRUE : FALSE;
    return ctx.otherAsGuard || conditionKind(e.getText()) ? guardF(guardOf(e, whenTrue)) : UNKNOWN;
  }
  return UNKNOWN;
}

function mentionsItem(ctx: CheckContext, e: ts.Node): boolean {
  if (ts.isIdentifier(e) && isItem(ctx, e)) return true;
  return !!ts.forEachChild(e, (c) => mentionsItem(ctx, c) || undefined);
}

function isFalsy(e: ts.Expression): boolean {
  return /^(false|null|undefined|''|""|void 0)$/.test(skipOuter(e).getText());
}

/** An atom: the formula of its positive reading, and whether the operator negates it (`!==`). */
interface Atom {
  f: Formula;
  negated: boolean;
}

const pos = (f: Formula | undefined): Atom | undefined => f && { f, negated: false };

/** When `e` holds (as a truth test), or undefined when it is not about the origin. */
function atomOf(ctx: CheckContext, e: ts.Expression): Atom | undefined {
  // A bare origin only tells whether the header was sent: a request without one is no cross-origin read.
  if (derived(ctx, e)?.length === 0) return pos(TRUE);
  if (ts.isBinaryExpression(e)) return binaryAtom(ctx, e);
  if (ts.isCallExpression(e)) return pos(callAtom(ctx, e));
  if (ts.isPropertyAccessExpression(e) && e.name.text === "length")
    return pos(filterLength(ctx, e));
  return undefined;
}

/** `list.filter(x => ...).length`: some item passes. */
function filterLength(ctx: CheckContext, e: ts.PropertyAccessExpression): Formula | undefined {
  const call = skipOuter(e.expression);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
    return undefined;
  if (call.expression.name.text !== "filter" || !call.arguments[0]) return undefined;
  return predicateAtom(ctx, call.expression.expression, "some", call.arguments[0]);
}

function binaryAtom(ctx: CheckContext, e: ts.BinaryExpression): Atom | undefined {
  const S = ts.SyntaxKind;
  if (e.operatorToken.kind === S.InKeyword) {
    const t = derived(ctx, e.left);
    return t ? pos(membership(ctx, valueIn(ctx, e.right), t, e, true)) : undefined;
  }
  const idx = indexTest(e);
  if (idx) {
    const f = callAtom(ctx, idx.call);
    return f && { f, negated: !idx.found };
  }
  const len = lengthTest(e);
  if (len) {
    const f = filterLength(ctx, len.access);
    return f && { f, negated: !len.some };
  }
  const cmp = comparison(e);
  if (!cmp) return undefined;
  const absent = absence(ctx, cmp.left, cmp.right) || absence(ctx, cmp.right, cmp.left);
  if (absent) return pos(cmp.equal ? FALSE : TRUE);
  let t = derived(ctx, cmp.left);
  let other = cmp.right;
  if (!t) {
    t = derived(ctx, cmp.right);
    other = cmp.left;
  }
  if (!t) return undefined;
  const v = valueIn(ctx, other);
  return { f: checkF({ kind: "list", list: asList(v), ...tf(t) }), negated: !cmp.equal };
}

/** `x.filter(..).length > 0` / `!== 0` / `>= 1` (some); `=== 0` / `< 1` (none). */
function lengthTest(
  e: ts.BinaryExpression,
): { access: ts.PropertyAccessExpression; some: boolean } | undefined {
  const l = skipOuter(e.left);
  if (!ts.isPropertyAccessExpression(l) || l.name.text !== "length") return undefined;
  const n = skipOuter(e.right).getText();
  const S = ts.SyntaxKind;
  const k = e.operatorToken.kind;
  if (
    (k === S.GreaterThanToken ||
      k === S.ExclamationEqualsEqualsToken ||
      k === S.ExclamationEqualsToken) &&
    n === "0"
  )
    return { access: l, some: true };
  if (k === S.GreaterThanEqualsToken && n === "1") return { access: l, some: true };
  if ((k === S.EqualsEqualsEqualsToken || k === S.EqualsEqualsToken) && n === "0")
    return { access: l, some: false };
  if (k === S.LessThanToken && n === "1") return { access: l, some: false };
  return undefined;
}

function asList(v: Value): Value {
  return v.kind === "list" ? v : { kind: "list", items: [v], span: v.span };
}

/** `x in obj`, `list.includes(x)`, `set.has(x)`: exact membership, or a substring test on a string. */
function membership(
  ctx: CheckContext,
  container: Value,
  t: OriginTransform[],
  at: ts.Node,
  keys: boolean,
): Formula {
  if (container.kind === "string")
    return checkF({
      kind: "partial",
      method: "substring",
      value: container.value,
      span: spanOf(at),
      ...tf(t),
    });
  if (container.kind === "unknown") return UNKNOWN;
  const list =
    container.kind === "dict"
      ? {
          kind: "list" as const,
          items: container.entries.map((d): Value => ({
            kind: "string",
            value: d.key,
            span: d.keySpan,
          })),
          span: container.span,
        }
      : container;
  if (keys && container.kind === "list") return UNKNOWN;
  return checkF({ kind: "list", list, ...tf(t) });
}

const PARTIAL: Record<string, PartialMethod> = {
  endsWith: "endswith",
  startsWith: "startswith",
  includes: "includes",
  indexOf: "indexOf",
};

function callAtom(ctx: CheckContext, e: ts.CallExpression): Formula | undefined {
  const callee = skipOuter(e.expression);
  const arg = e.arguments[0];
  if (!ts.isPropertyAccessExpression(callee)) return helperAtom(ctx, e);
  const m = callee.name.text;
  const recv = callee.expression;
  const span = spanOf(e);
  const recvT = derived(ctx, recv);
  if (recvT && arg && m in PARTIAL) {
    const alts = stringsOf(valueIn(ctx, arg));
    if (!alts.length) return UNKNOWN;
    return any(
      alts.map((value) =>
        checkF({ kind: "partial", method: PARTIAL[m], value, span, ...tf(recvT) }),
      ),
    );
  }
  if (recvT && arg && (m === "match" || m === "search")) return regexAtom(valueIn(ctx, arg), recvT);
  const argT = arg && derived(ctx, arg);
  if (argT && (m === "includes" || m === "indexOf" || m === "has"))
    return membership(ctx, containerOf(ctx, recv), argT, e, false);
  if (argT && m === "hasOwnProperty") return membership(ctx, valueIn(ctx, recv), argT, e, true);
  if (argT && m === "test") return regexAtom(valueIn(ctx, recv), argT);
  if (arg && ["some", "find", "findIndex", "every", "filter"].includes(m))
    return predicateAtom(ctx, recv, m, arg);
  return helperAtom(ctx, e);
}

/** `Object.keys(o)` / `Object.values(o)` / `Array.from(s)` / `[...s]`: the list inside. */
function containerOf(ctx: CheckContext, e: ts.Expression): Value {
  e = skipOuter(e);
  if (ts.isCallExpression(e) && e.arguments[0]) {
    const q = e.expression.getText();
    const inner = valueIn(ctx, e.arguments[0]);
    if (q === "Object.keys" && inner.kind === "dict") return membershipKeys(inner);
    if (q === "Object.values" && inner.kind === "dict")
      return { kind: "list", items: inner.entries.map((d) => d.value), span: inner.span };
  }
  return valueIn(ctx, e);
}

function membershipKeys(d: Extract<Value, { kind: "dict" }>): Value {
  return {
    kind: "list",
    items: d.entries.map((x): Value => ({ kind: "string", value: x.key, span: x.keySpan })),
    span: d.span,
  };
}

function regexAtom(v: Value, t: OriginTransform[]): Formula {
  if (v.kind === "regex")
    return checkF({
      kind: "regex",
      pattern: v.pattern,
      flags: v.flags,
      engine: "search",
      span: v.span,
      ...tf(t),
    });
  // `origin.match("a.com")`: a string argument is compiled as a pattern.
  if (v.kind === "string")
    return checkF({
      kind: "regex",
      pattern: v.value,
      flags: "",
      engine: "search",
      span: v.span,
      ...tf(t),
    });
  if (v.kind === "list") return any(v.items.map((i) => regexAtom(i, t)));
  return UNKNOWN;
}

/** `list.some(x => origin.endsWith(x))`: the predicate read once per item of the list. */
function predicateAtom(
  ctx: CheckContext,
  recv: ts.Expression,
  method: string,
  fn: ts.Expression,
): Formula | undefined {
  fn = skipOuter(fn);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const p = fn.parameters[0];
  const body = predicateBody(fn);
  if (!p || !body) return UNKNOWN;
  const list = soleList(containerOf(ctx, recv));
  if (!list || list.items.length > 32) return UNKNOWN;
  const per = list.items.map((item) => {
    const items = new Map(ctx.items).set(p, item);
    return condition({ ...ctx, items }, body, true);
  });
  return method === "every" ? all(per) : any(per);
}

function predicateBody(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const only = fn.body.statements.length === 1 ? fn.body.statements[0] : undefined;
  return only && ts.isReturnStatement(only) ? only.expression : undefined;
}

/** `isAllowed(origin)`: a helper of this module, summarised. */
function helperAtom(ctx: CheckContext, e: ts.CallExpression): Formula | undefined {
  const index = e.arguments.findIndex((a) => derived(ctx, a)?.length === 0);
  if (index < 0) return undefined;
  return ctx.helper?.(e, index) ?? UNKNOWN;
}

/** `x === y` / `!==` (and the loose forms). */
export function comparison(
  e: ts.BinaryExpression,
): { left: ts.Expression; right: ts.Expression; equal: boolean } | undefined {
  const k = e.operatorToken.kind;
  const S = ts.SyntaxKind;
  if (k === S.EqualsEqualsEqualsToken || k === S.EqualsEqualsToken)
    return { left: e.left, right: e.right, equal: true };
  if (k === S.ExclamationEqualsEqualsToken || k === S.ExclamationEqualsToken)
    return { left: e.left, right: e.right, equal: false };
  return undefined;
}

/** `x.indexOf(y) !== -1` / `> -1` / `>= 0` (found); `=== -1` / `< 0` (not found); also `search`, `findIndex`. */
function indexTest(
  e: ts.BinaryExpression,
): { call: ts.CallExpression; found: boolean } | undefined {
  const call = skipOuter(e.left);
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
    return undefined;
  if (!["indexOf", "search", "findIndex"].includes(call.expression.name.text)) return undefined;
  const n = skipOuter(e.right).getText().replace(/\s+/g, "");
  const S = ts.SyntaxKind;
  switch (e.operatorToken.kind) {
    case S.ExclamationEqualsEqualsToken:
    case S.ExclamationEqualsToken:
    case S.GreaterThanToken:
      return n === "-1" ? { call, found: true } : undefined;
    case S.EqualsEqualsEqualsToken:
    case S.EqualsEqualsToken:
      return n === "-1" ? { call, found: false } : undefined;
    case S.GreaterThanEqualsToken:
      return n === "0" ? { call, found: true } : undefined;
    case S.LessThanToken:
      return n === "0" ? { call, found: false } : undefined;
    default:
      return undefined; // other operators say nothing about indexOf's answer
  }
}

/** `origin === undefined`, `origin == null`, `typeof origin === 'undefined'`, `origin === ''`. */
function absence(ctx: CheckContext, side: ts.Expression, nil: ts.Expression): boolean {
  side = skipOuter(side);
  const isO =
    ctx.o.isOrigin(side) || (ts.isTypeOfExpression(side) && ctx.o.isOrigin(side.expression));
  return isO && /^(undefined|null|'undefined'|"undefined"|''|"")$/.test(skipOuter(nil).getText());
}

/** The acceptance formula of checks a summary gives, for callers reading a helper. */
export { acceptance };

/** A list check over one value (equality with it). */
export function equalityCheck(v: Value, t: OriginTransform[]): OriginCheck {
  return { kind: "list", list: asList(v), ...tf(t) };
}

/** A condition on constants (`ALLOW_ALL`, `ALLOWED.includes("*")`), when every part resolves. */
function constantTruth(ctx: CheckContext, e: ts.Expression): boolean | undefined {
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
    const v = valueIn(ctx, e);
    return v.kind === "env" || v.kind === "choice" ? undefined : truthy(v);
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.arguments[0]) {
    const m = e.expression.name.text;
    if (m !== "includes" && m !== "has") return undefined;
    const hay = soleList(valueIn(ctx, e.expression.expression));
    const needle = valueIn(ctx, e.arguments[0]);
    if (needle.kind !== "string" || !hay) return undefined;
    if (hay.items.some((i) => i.kind !== "string")) return undefined;
    return hay.items.some((i) => i.kind === "string" && i.value === needle.value);
  }
  return undefined;
}
