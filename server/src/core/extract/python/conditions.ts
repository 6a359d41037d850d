import type { OriginTransform, RegexEngine } from "../../model";
import type { PyNode } from "../../parse/python";
import { conditionKind } from "../../context";
import { stringsOf, truthy, type OriginCheck, type Value, soleList } from "../../values";
import {
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
import { isOriginExpr } from "./origin-checks";
import type { PyResolver } from "./resolver";
import { spanOf } from "./syntax";

/** What reading a Python condition needs. */
export interface PyCheckContext {
  r: PyResolver;
  /** The parameter that holds the origin in a summarised helper (`def allowed(origin):`). */
  originParam?: PyNode;
  /** Loop and comprehension variables (by name), each bound to one item of a list. */
  items: Map<string, Value>;
  /** Summarises a same-module helper called with the origin at `index`. */
  helper?: (call: PyNode, index: number) => Formula | undefined;
}

/** The item a loop or comprehension variable stands for, if `n` is one. */
function itemOf(ctx: PyCheckContext, n: PyNode): Value | undefined {
  return n.type === "identifier" ? ctx.items.get(n.text) : undefined;
}

/** A context where `target` (a loop variable) stands for one item. */
export function bindItem(ctx: PyCheckContext, target: PyNode, v: Value): PyCheckContext {
  return { ...ctx, items: new Map(ctx.items).set(target.text, v) };
}

/** A value, with loop variables read as their item. */
export function valueIn(ctx: PyCheckContext, n: PyNode): Value {
  return itemOf(ctx, n) ?? ctx.r.resolve(n);
}

/** Whether `n` is the request's origin (a header read, a local holding one, or the helper's parameter). */
export function isOrigin(ctx: PyCheckContext, n: PyNode | null | undefined): boolean {
  if (!n) return false;
  if (n.type === "identifier" && itemOf(ctx, n)) return false;
  if (ctx.originParam && n.type === "identifier" && n.text === ctx.originParam.text) {
    const local = ctx.r.localBindings(n.text, n);
    return !local?.length;
  }
  return isOriginExpr(ctx.r, n);
}

const URLPARSE = /^(urllib\.parse\.)?(urlparse|urlsplit)$/;

/** The steps from the origin to `n` (`urlparse(origin).hostname`, `origin.lower()`), or undefined. */
export function derived(
  ctx: PyCheckContext,
  n: PyNode | null | undefined,
  d = 0,
): OriginTransform[] | undefined {
  if (!n || d > 6) return undefined;
  if (n.type === "parenthesized_expression") return derived(ctx, n.namedChildren[0], d + 1);
  if (isOrigin(ctx, n)) return [];
  if (n.type === "identifier") {
    if (itemOf(ctx, n)) return undefined;
    const local = ctx.r.localBindings(n.text, n);
    const last = local?.length === 1 && local[0].op === "=" ? local[0].node : undefined;
    return last ? derived(ctx, last, d + 1) : undefined;
  }
  if (n.type === "attribute") {
    const part = n.childForFieldName("attribute")?.text ?? "";
    const obj = n.childForFieldName("object");
    if (!["netloc", "hostname", "scheme", "port"].includes(part) || !obj) return undefined;
    const parsed = parsedArg(ctx, obj);
    const t = parsed && derived(ctx, parsed, d + 1);
    if (!t) return undefined;
    // `.hostname` agrees with WHATWG's on every Origin a browser sends (lower-case, no port); one
    // transform keeps the Python and JS readings identical.
    if (part === "hostname") return [...t, { kind: "url", part: "hostname" }];
    return [...t, { kind: "urlparse", part: part as "netloc" | "scheme" | "port" }];
  }
  if (n.type === "subscript") {
    const call = n.childForFieldName("value");
    const idx = n.childForFieldName("subscript");
    if (call?.type !== "call" || idx?.type !== "integer") return undefined;
    const fn = call.childForFieldName("function");
    if (fn?.type !== "attribute" || fn.childForFieldName("attribute")?.text !== "split")
      return undefined;
    const sep = call.childForFieldName("arguments")?.namedChildren[0];
    const sv = sep ? valueIn(ctx, sep) : undefined;
    const t = derived(ctx, fn.childForFieldName("object"), d + 1);
    return t && sv?.kind === "string"
      ? [...t, { kind: "split", separator: sv.value, index: Number(idx.text) }]
      : undefined;
  }
  if (n.type === "call") return callTransforms(ctx, n, d);
  return undefined;
}

function parsedArg(ctx: PyCheckContext, obj: PyNode): PyNode | undefined {
  let o: PyNode | undefined = obj;
  if (o.type === "identifier") {
    const local = ctx.r.localBindings(o.text, o);
    o = local?.length === 1 ? local[0].node : undefined;
  }
  if (o?.type !== "call") return undefined;
  const q = ctx.r.qualified(o.childForFieldName("function"));
  if (!q || !URLPARSE.test(q)) return undefined;
  return o.childForFieldName("arguments")?.namedChildren[0] ?? undefined;
}

function callTransforms(ctx: PyCheckContext, n: PyNode, d: number): OriginTransform[] | undefined {
  const fn = n.childForFieldName("function");
  const args =
    n.childForFieldName("arguments")?.namedChildren.filter((a): a is PyNode => !!a) ?? [];
  if (fn?.type === "identifier" && fn.text === "str" && args[0])
    return derived(ctx, args[0], d + 1);
  if (fn?.type !== "attribute") return undefined;
  const m = fn.childForFieldName("attribute")?.text ?? "";
  const t = derived(ctx, fn.childForFieldName("object"), d + 1);
  if (!t) return undefined;
  if (m === "lower" || m === "casefold") return [...t, { kind: "lower" }];
  if (m === "upper") return [...t, { kind: "upper" }];
  if (m === "strip" && !args.length) return [...t, { kind: "trim" }];
  if (m === "replace" && args.length === 2) {
    const [a, b] = args.map((x) => valueIn(ctx, x));
    if (a.kind === "string" && b.kind === "string")
      return [
        ...t,
        { kind: "replace", from: a.value, regex: false, flags: "", to: b.value, all: true },
      ];
  }
  return undefined;
}

/** What must hold of the origin for `cond` to be `positive`; conditions about other things are true. */
export function condition(
  ctx: PyCheckContext,
  cond: PyNode | null | undefined,
  positive: boolean,
): Formula {
  if (!cond) return TRUE;
  switch (cond.type) {
    case "parenthesized_expression":
      return condition(ctx, cond.namedChildren[0], positive);
    case "not_operator":
      return condition(ctx, cond.childForFieldName("argument"), !positive);
    case "true":
      return positive ? TRUE : FALSE;
    case "false":
    case "none":
      return positive ? FALSE : TRUE;
    case "boolean_operator": {
      const isAnd = cond.childForFieldName("operator")?.text === "and";
      const l = condition(ctx, cond.childForFieldName("left"), positive);
      const r = condition(ctx, cond.childForFieldName("right"), positive);
      return isAnd === positive ? and(l, r) : or(l, r);
    }
  }
  // `bool(x)`: the truth of x.
  if (cond.type === "call" && cond.childForFieldName("function")?.text === "bool") {
    const arg = cond.childForFieldName("arguments")?.namedChildren[0];
    if (arg && arg.type !== "keyword_argument") return condition(ctx, arg, positive);
  }
  const atom = atomOf(ctx, cond);
  if (atom) return positive !== atom.negated ? atom.f : not(atom.f);
  // A test of the origin cors-lint cannot read is opaque.
  if (mentionsOrigin(ctx, cond))
    return checkF({ kind: "opaque", text: cond.text, span: spanOf(cond) });
  return otherCondition(ctx, cond, positive);
}

/**
 * A test of something else. Around a header write it restricts nothing about the origin (its guards
 * are read apart); inside a helper it decides what the helper answers: a constant (`"*" in ALLOWED`,
 * a module flag) is read, an environment test becomes a guard, anything else is unknown.
 */
function otherCondition(ctx: PyCheckContext, cond: PyNode, positive: boolean): Formula {
  if (!ctx.originParam) return TRUE;
  const k = constantTruth(ctx, cond);
  if (k !== undefined) return k === positive ? TRUE : FALSE;
  return conditionKind(cond.text)
    ? guardF({ condition: cond.text, whenTrue: positive, span: spanOf(cond) })
    : UNKNOWN;
}

function constantTruth(ctx: PyCheckContext, cond: PyNode): boolean | undefined {
  if (cond.type === "comparison_operator" && cond.namedChildren.length === 2) {
    const [left, right] = cond.namedChildren;
    if (!left || !right) return undefined;
    const op = ctx.r.text.slice(left.endIndex, right.startIndex).trim().replace(/\s+/g, " ");
    if (op !== "in" && op !== "not in") return undefined;
    const needle = valueIn(ctx, left);
    const text = valueIn(ctx, right);
    if (needle.kind === "string" && text.kind === "string") {
      const found = text.value.includes(needle.value);
      return op === "in" ? found : !found;
    }
    const hay = soleList(text);
    if (needle.kind !== "string" || !hay) return undefined;
    if (hay.items.some((i) => i.kind !== "string")) return undefined;
    const found = hay.items.some((i) => i.kind === "string" && i.value === needle.value);
    return op === "in" ? found : !found;
  }
  if (cond.type === "identifier" || cond.type === "attribute") return truthy(valueIn(ctx, cond));
  return undefined;
}

function mentionsOrigin(ctx: PyCheckContext, n: PyNode): boolean {
  if (derived(ctx, n)) return true;
  return n.namedChildren.some((c) => !!c && mentionsOrigin(ctx, c));
}

/** An atom: the formula of its positive reading, and whether the operator negates it (`not in`). */
interface Atom {
  f: Formula;
  negated: boolean;
}

function atomOf(ctx: PyCheckContext, n: PyNode): Atom | undefined {
  // A bare origin tests whether the header was sent: no header, no cross-origin read.
  if (derived(ctx, n)?.length === 0) return { f: TRUE, negated: false };
  if (n.type === "comparison_operator") return comparisonAtom(ctx, n);
  const f = n.type === "call" ? callAtom(ctx, n) : undefined;
  return f && { f, negated: false };
}

const tf = (t: OriginTransform[]): { transform?: OriginTransform[] } =>
  t.length ? { transform: t } : {};

function comparisonAtom(ctx: PyCheckContext, cond: PyNode): Atom | undefined {
  const [left, right] = cond.namedChildren;
  if (!left || !right || cond.namedChildren.length !== 2) return undefined;
  const op = ctx.r.text.slice(left.endIndex, right.startIndex).trim().replace(/\s+/g, " ");
  if (right.text.trim() === "-1" && (op === "==" || op === "!=")) {
    const found = findCheck(ctx, left, right, cond, false);
    if (found) return { f: found, negated: op === "==" };
  }
  const negated = op === "not in" || op === "!=" || op === "is not";
  const f = positiveComparison(ctx, cond, left, right, negated ? flip(op) : op);
  return f && { f, negated };
}

function flip(op: string): string {
  return op === "not in" ? "in" : op === "!=" ? "==" : "is";
}

function positiveComparison(
  ctx: PyCheckContext,
  cond: PyNode,
  left: PyNode,
  right: PyNode,
  op: string,
): Formula | undefined {
  const span = spanOf(cond);
  if (op === "in") {
    const lt = derived(ctx, left);
    if (lt) {
      const c = valueIn(ctx, right);
      if (c.kind === "string")
        return checkF({ kind: "partial", method: "substring", value: c.value, span, ...tf(lt) });
      if (c.kind === "unknown") return checkF({ kind: "opaque", text: cond.text, span });
      return checkF({ kind: "list", list: c.kind === "dict" ? keysOf(c) : c, ...tf(lt) });
    }
    const rt = derived(ctx, right);
    const needles = rt ? stringsOf(valueIn(ctx, left)) : [];
    if (rt && needles.length)
      return any(
        needles.map((value) => checkF({ kind: "partial", method: "in", value, span, ...tf(rt) })),
      );
    return rt ? UNKNOWN : undefined;
  }
  if (op === "is") {
    // `origin is None`: the header is missing.
    if (isOrigin(ctx, left) && right.type === "none") return FALSE;
    return undefined;
  }
  if (op === "==") {
    if (isOrigin(ctx, left) && /^(""|''|None)$/.test(right.text)) return FALSE;
    const find = findCheck(ctx, left, right, cond, true);
    if (find) return find;
    const [t, other] = derived(ctx, left)
      ? [derived(ctx, left), right]
      : [derived(ctx, right), left];
    if (!t) return undefined;
    const v = valueIn(ctx, other);
    return checkF({
      kind: "list",
      list: v.kind === "list" ? v : { kind: "list", items: [v], span: v.span },
      ...tf(t),
    });
  }
  if (op === ">=" || op === ">") return findCheck(ctx, left, right, cond, false);
  return undefined;
}

/** `origin.find("x") != -1` / `>= 0` / `> -1`: a substring test; `origin.find(x) == 0` a prefix test. */
function findCheck(
  ctx: PyCheckContext,
  left: PyNode,
  right: PyNode,
  cond: PyNode,
  eq: boolean,
): Formula | undefined {
  if (left.type !== "call") return undefined;
  const fn = left.childForFieldName("function");
  const method = fn?.childForFieldName("attribute")?.text;
  if (fn?.type !== "attribute" || (method !== "find" && method !== "index")) return undefined;
  const t = derived(ctx, fn.childForFieldName("object"));
  const arg = left.childForFieldName("arguments")?.namedChildren[0];
  if (!t || !arg) return undefined;
  const values = stringsOf(valueIn(ctx, arg));
  const r = right.text.replace(/\s+/g, "");
  // `== -1` is "not found": the caller negates `!=`, so `== -1` arrives here as eq with -1.
  if (eq && r !== "0") return undefined;
  if (!eq && r !== "0" && r !== "-1") return undefined;
  const method2 = eq ? "startswith" : "indexOf";
  return any(
    values.map((value) =>
      checkF({ kind: "partial", method: method2, value, span: spanOf(cond), ...tf(t) }),
    ),
  );
}

function keysOf(d: Extract<Value, { kind: "dict" }>): Value {
  return {
    kind: "list",
    items: d.entries.map((e): Value => ({ kind: "string", value: e.key, span: e.keySpan })),
    span: d.span,
  };
}

const REGEX_FUNCS: Record<string, RegexEngine> = {
  match: "match",
  fullmatch: "fullmatch",
  search: "search",
};

function callAtom(ctx: PyCheckContext, call: PyNode): Formula | undefined {
  const fn = call.childForFieldName("function");
  const argNode = call.childForFieldName("arguments");
  // `any(x for x in y)`: the generator is the whole argument list.
  const args =
    argNode?.type === "generator_expression"
      ? [argNode]
      : (argNode?.namedChildren.filter((a): a is PyNode => !!a) ?? []);
  const span = spanOf(call);
  if (
    fn?.type === "identifier" &&
    (fn.text === "any" || fn.text === "all") &&
    args[0]?.type === "generator_expression"
  )
    return generatorAtom(ctx, args[0], fn.text === "all");
  if (fn?.type === "attribute") {
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const obj = fn.childForFieldName("object");
    const t = derived(ctx, obj);
    if ((method === "endswith" || method === "startswith") && t && args[0]) {
      const values = stringsOf(valueIn(ctx, args[0]));
      if (!values.length) return UNKNOWN;
      return any(values.map((value) => checkF({ kind: "partial", method, value, span, ...tf(t) })));
    }
    const q = ctx.r.qualified(fn);
    const at = args[1] && derived(ctx, args[1]);
    if (q && /^re\.(match|fullmatch|search)$/.test(q) && args[0] && at)
      return regexAtom(valueIn(ctx, args[0]), REGEX_FUNCS[method], at, span);
    const a0 = args[0] && derived(ctx, args[0]);
    if (REGEX_FUNCS[method] && obj && a0) {
      const p = valueIn(ctx, obj);
      if (p.kind === "regex" || p.kind === "string")
        return regexAtom(p, REGEX_FUNCS[method], a0, span);
    }
  }
  const index = args.findIndex(
    (a) =>
      derived(ctx, a.type === "keyword_argument" ? a.childForFieldName("value") : a)?.length === 0,
  );
  if (index < 0) return undefined;
  return ctx.helper?.(call, index) ?? checkF({ kind: "opaque", text: call.text, span });
}

function regexAtom(
  p: Value,
  engine: RegexEngine,
  t: OriginTransform[],
  span: { start: number; end: number },
): Formula {
  const check = (c: OriginCheck): Formula => checkF(c);
  if (p.kind === "regex")
    return check({
      kind: "regex",
      pattern: p.pattern,
      flags: p.flags,
      engine,
      span: p.span,
      ...tf(t),
    });
  if (p.kind === "string")
    return check({ kind: "regex", pattern: p.value, flags: "", engine, span: p.span, ...tf(t) });
  return checkF({ kind: "opaque", text: "", span });
}

/** `any(origin.endswith(d) for d in DOMAINS)`: the test read once per item. */
function generatorAtom(ctx: PyCheckContext, gen: PyNode, every: boolean): Formula {
  const body = gen.childForFieldName("body");
  const clauses = gen.namedChildren.filter((c) => c?.type === "for_in_clause");
  const clause = clauses[0];
  if (!body || !clause || clauses.length !== 1) return UNKNOWN;
  const target = clause.childForFieldName("left");
  const iter = clause.childForFieldName("right");
  const filter = gen.namedChildren.find((c) => c?.type === "if_clause");
  if (!target || target.type !== "identifier" || !iter) return UNKNOWN;
  const list = soleList(valueIn(ctx, iter));
  if (!list || list.items.length > 32) return UNKNOWN;
  const per = list.items.map((item) => {
    const c = bindItem(ctx, target, item);
    const f = condition(c, body, true);
    return filter ? and(condition(c, filter.namedChildren[0], true), f) : f;
  });
  return every ? all(per) : any(per);
}
