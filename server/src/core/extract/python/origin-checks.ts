import type { OriginEntry, RegexEngine, Span } from "../../model";
import type { PyNode } from "../../parse/python";
import { alternatives, type Value } from "../../values";
import { base, dynamic, originsFrom, type AltMeta } from "../origins";
import type { PyResolver } from "./resolver";
import { enclosingFunction, spanOf } from "./syntax";

/** What a condition tells about the request's origin when it holds. */
export type OriginCheck =
  | { kind: "list"; list: Value }
  | {
      kind: "partial";
      method: "endswith" | "startswith" | "in" | "indexOf" | "substring";
      value: string;
      span: Span;
    }
  | { kind: "regex"; pattern: string; flags: string; engine: RegexEngine; span: Span }
  /** A test cors-lint cannot read (`is_allowed(origin)`): treated as an allowlist it cannot see. */
  | { kind: "opaque"; text: string; span: Span };

const ORIGIN_KEY = /^(origin|http_origin)$/i;
/** `request.headers`, `request.META`, and a Lambda proxy event's `event["headers"]`. */
const HEADERS_OBJECT =
  /(^|\.)(headers|META|environ|scope)$|\[\s*["'](multiValueH|h)eaders["']\s*\]$/;

/**
 * Whether an expression is the request's Origin header: `request.headers.get("Origin")`,
 * `request.headers["origin"]`, `request.META["HTTP_ORIGIN"]`, `req.get_header("Origin")`, or a local
 * variable assigned from one of those.
 */
export function isOriginExpr(r: PyResolver, n: PyNode | null | undefined, depth = 0): boolean {
  if (!n || depth > 6) return false;
  switch (n.type) {
    case "parenthesized_expression":
      return isOriginExpr(r, n.namedChildren[0], depth + 1);
    case "boolean_operator":
      return (
        n.childForFieldName("operator")?.text === "or" &&
        isOriginExpr(r, n.childForFieldName("left"), depth + 1)
      );
    case "subscript": {
      const obj = n.childForFieldName("value");
      const key = n.childForFieldName("subscript");
      return !!obj && HEADERS_OBJECT.test(obj.text) && isOriginKey(r, key);
    }
    case "call": {
      const fn = n.childForFieldName("function");
      const args = n.childForFieldName("arguments")?.namedChildren ?? [];
      if (fn?.type === "identifier" && fn.text === "str")
        return isOriginExpr(r, args[0], depth + 1);
      if (fn?.type !== "attribute") return false;
      const method = fn.childForFieldName("attribute")?.text ?? "";
      const obj = fn.childForFieldName("object");
      if (["strip", "lower", "rstrip", "decode"].includes(method))
        return isOriginExpr(r, obj, depth + 1);
      if (method === "get_header" || method === "getheader") return isOriginKey(r, args[0]);
      return method === "get" && !!obj && HEADERS_OBJECT.test(obj.text) && isOriginKey(r, args[0]);
    }
    case "identifier": {
      if (!enclosingFunction(n)) return false;
      const bindings = r.localBindings(n.text, n) ?? [];
      return bindings.some((b) => b.op === "=" && isOriginExpr(r, b.node, depth + 1));
    }
    default:
      return false;
  }
}

function isOriginKey(r: PyResolver, n: PyNode | null | undefined): boolean {
  if (!n) return false;
  const v = r.resolve(n);
  return v.kind === "string" && ORIGIN_KEY.test(v.value);
}

/** The origin checks a condition implies when it is `positive` (true) or false. */
export function checksOf(
  r: PyResolver,
  cond: PyNode | null | undefined,
  positive: boolean,
): OriginCheck[] {
  if (!cond) return [];
  switch (cond.type) {
    case "parenthesized_expression":
      return checksOf(r, cond.namedChildren[0], positive);
    case "not_operator":
      return checksOf(r, cond.childForFieldName("argument"), !positive);
    case "boolean_operator": {
      const op = cond.childForFieldName("operator")?.text;
      const both = [
        ...checksOf(r, cond.childForFieldName("left"), positive),
        ...checksOf(r, cond.childForFieldName("right"), positive),
      ];
      // `a and b` holding, or `a or b` failing, means both sides' checks apply; `a or b` holding, either.
      return op === "and" || op === "or" ? both : [];
    }
    case "comparison_operator":
      return comparison(r, cond, positive);
    case "call":
      return positive ? callCheck(r, cond) : [];
    default:
      return [];
  }
}

function comparison(r: PyResolver, cond: PyNode, positive: boolean): OriginCheck[] {
  const [left, right] = cond.namedChildren;
  if (!left || !right || cond.namedChildren.length !== 2) return [];
  const op = r.text.slice(left.endIndex, right.startIndex).trim().replace(/\s+/g, " ");
  const holds = op === "not in" || op === "!=" || op === "is not" ? !positive : positive;
  if (op === "in" || op === "not in") {
    if (!holds) return [];
    if (isOriginExpr(r, left)) {
      const list = r.resolve(right);
      if (list.kind === "string")
        return [{ kind: "partial", method: "substring", value: list.value, span: spanOf(cond) }];
      if (list.kind === "unknown") return [{ kind: "opaque", text: cond.text, span: spanOf(cond) }];
      return [{ kind: "list", list: list.kind === "dict" ? keysOf(list) : list }];
    }
    const needle = r.resolve(left);
    if (isOriginExpr(r, right) && needle.kind === "string") {
      return [{ kind: "partial", method: "in", value: needle.value, span: spanOf(cond) }];
    }
    return [];
  }
  if (op === "==" || op === "!=") {
    if (!holds) {
      // `origin.find("x") == -1` failing means the text was found.
      return findCheck(r, left, right, cond) ?? [];
    }
    const [o, other] = isOriginExpr(r, left)
      ? [left, right]
      : isOriginExpr(r, right)
        ? [right, left]
        : [];
    if (o && other)
      return [
        { kind: "list", list: { kind: "list", items: [r.resolve(other)], span: spanOf(other) } },
      ];
    return op === "!=" ? [] : (findCheck(r, left, right, cond, true) ?? []);
  }
  if (holds && (op === ">=" || op === ">")) return findCheck(r, left, right, cond) ?? [];
  return [];
}

/** `origin.find("x") != -1`, `>= 0`, `> -1`: a substring test; `== 0` (when `zero`) a prefix test. */
function findCheck(
  r: PyResolver,
  left: PyNode,
  right: PyNode,
  cond: PyNode,
  zero = false,
): OriginCheck[] | undefined {
  if (left.type !== "call") return undefined;
  const fn = left.childForFieldName("function");
  const method = fn?.childForFieldName("attribute")?.text;
  if (fn?.type !== "attribute" || (method !== "find" && method !== "index")) return undefined;
  if (!isOriginExpr(r, fn.childForFieldName("object"))) return undefined;
  const arg = left.childForFieldName("arguments")?.namedChildren[0];
  const needle = arg ? r.resolve(arg) : undefined;
  if (needle?.kind !== "string") return undefined;
  if (zero && right.text !== "0") return undefined;
  const method2 = zero ? "startswith" : "indexOf";
  return [{ kind: "partial", method: method2, value: needle.value, span: spanOf(cond) }];
}

function keysOf(d: Extract<Value, { kind: "dict" }>): Value {
  return {
    kind: "list",
    items: d.entries.map((e) => ({ kind: "string", value: e.key, span: e.keySpan })),
    span: d.span,
  };
}

const REGEX_FUNCS: Record<string, RegexEngine> = {
  match: "match",
  fullmatch: "fullmatch",
  search: "search",
};

function callCheck(r: PyResolver, call: PyNode): OriginCheck[] {
  const fn = call.childForFieldName("function");
  const args =
    call.childForFieldName("arguments")?.namedChildren.filter((a): a is PyNode => !!a) ?? [];
  const span = spanOf(call);
  if (fn?.type === "attribute") {
    const method = fn.childForFieldName("attribute")?.text ?? "";
    const obj = fn.childForFieldName("object");
    if ((method === "endswith" || method === "startswith") && isOriginExpr(r, obj) && args[0]) {
      return stringsOf(r.resolve(args[0])).map((value) => ({
        kind: "partial",
        method,
        value,
        span,
      }));
    }
    const q = r.qualified(fn);
    if (q && /^re\.(match|fullmatch|search)$/.test(q) && args[0] && isOriginExpr(r, args[1])) {
      return regexChecks(r.resolve(args[0]), REGEX_FUNCS[method], span);
    }
    if (REGEX_FUNCS[method] && obj && isOriginExpr(r, args[0])) {
      const pattern = r.resolve(obj);
      if (pattern.kind === "regex" || pattern.kind === "string")
        return regexChecks(pattern, REGEX_FUNCS[method], span);
    }
  }
  if (
    args.some((a) =>
      isOriginExpr(r, a.type === "keyword_argument" ? a.childForFieldName("value") : a),
    )
  ) {
    return [{ kind: "opaque", text: call.text, span }];
  }
  return [];
}

function stringsOf(v: Value): string[] {
  return alternatives(v).flatMap((a) =>
    a.value.kind === "string"
      ? [a.value.value]
      : a.value.kind === "list"
        ? a.value.items.flatMap(stringsOf)
        : [],
  );
}

function regexChecks(p: Value, engine: RegexEngine, span: Span): OriginCheck[] {
  if (p.kind === "regex")
    return [{ kind: "regex", pattern: p.pattern, flags: p.flags, engine, span: p.span }];
  if (p.kind === "string")
    return [{ kind: "regex", pattern: p.value, flags: "", engine, span: p.span }];
  return [{ kind: "opaque", text: "", span }];
}

/**
 * Entries for an echoed origin under the given checks: an allowlist wins, then a pattern, then a test
 * cors-lint cannot read; partial tests stay partial; no check at all is reflection.
 */
export function echoEntries(checks: OriginCheck[], echo: Span, m: AltMeta): OriginEntry[] {
  const lists = checks.filter((c) => c.kind === "list");
  if (lists.length) {
    return lists.flatMap((c) =>
      originsFrom(c.list, (v, mm) => {
        const meta = { ...m, inList: mm.inList, envVar: mm.envVar ?? m.envVar };
        if (v.kind === "string")
          return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, meta) }];
        return v.kind === "null" ? [] : [dynamic(v, meta)];
      }),
    );
  }
  const regexes = checks.filter((c) => c.kind === "regex");
  if (regexes.length) {
    return regexes.map((c) => ({
      kind: "regex",
      pattern: c.pattern,
      flags: c.flags,
      engine: c.engine,
      ...base(c.span, m),
    }));
  }
  const opaque = checks.find((c) => c.kind === "opaque");
  if (opaque)
    return [
      { kind: "dynamic", description: opaque.text || "origin check", ...base(opaque.span, m) },
    ];
  const partial = checks.filter((c) => c.kind === "partial");
  if (partial.length) {
    return partial.map((c) => ({
      kind: "partial-check",
      method: c.method,
      value: c.value,
      ...base(c.span, m),
    }));
  }
  return [{ kind: "reflect", reason: "echo-header", ...base(echo, m) }];
}
