import type { OriginTransform } from "../../model";
import { ts } from "../../parse/typescript";
import type { Value } from "../../values";
import { skipOuter } from "./bindings";

/** Reads a value (the caller binds array-predicate parameters to their items). */
export type ValueOf = (e: ts.Expression) => Value;

const URL_PARTS = new Set(["hostname", "host", "origin", "protocol", "port"]);

/**
 * The steps an expression applies to the request's origin (`new URL(origin).hostname`,
 * `origin.toLowerCase()`, `origin.replace(/^https?:\/\//, "")`, `origin.split(":")[0]`), or undefined
 * when it is not derived from the origin. `[]` is the origin itself.
 */
export function transformsOf(
  e: ts.Expression,
  isOrigin: (e: ts.Expression) => boolean,
  valueOf: ValueOf,
  initializerOf: (id: ts.Identifier) => ts.Expression | undefined,
  depth = 0,
): OriginTransform[] | undefined {
  if (depth > 6) return undefined;
  e = skipOuter(e);
  const inner = (x: ts.Expression): OriginTransform[] | undefined =>
    transformsOf(x, isOrigin, valueOf, initializerOf, depth + 1);
  if (ts.isIdentifier(e)) {
    if (isOrigin(e)) return [];
    const init = initializerOf(e);
    return init ? inner(init) : undefined;
  }
  // `new URL(origin).hostname`, `url.parse(origin).hostname`
  if (ts.isPropertyAccessExpression(e) && URL_PARTS.has(e.name.text)) {
    const obj = skipOuter(e.expression);
    const arg = ts.isNewExpression(obj)
      ? obj.arguments?.[0]
      : ts.isCallExpression(obj) && /(^|\.)parse$/.test(obj.expression.getText())
        ? obj.arguments[0]
        : ts.isIdentifier(obj)
          ? urlArg(initializerOf(obj))
          : undefined;
    const t = arg && inner(arg);
    const part = e.name.text as "hostname" | "host" | "origin" | "protocol" | "port";
    return t ? [...t, { kind: "url", part }] : undefined;
  }
  // `origin.split(":")[0]`
  if (ts.isElementAccessExpression(e) && ts.isNumericLiteral(e.argumentExpression)) {
    const call = skipOuter(e.expression);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression))
      return undefined;
    if (call.expression.name.text !== "split" || !call.arguments[0]) return undefined;
    const sep = valueOf(call.arguments[0]);
    const t = inner(call.expression.expression);
    if (!t || sep.kind !== "string") return undefined;
    return [
      ...t,
      { kind: "split", separator: sep.value, index: Number(e.argumentExpression.text) },
    ];
  }
  if (ts.isCallExpression(e)) return callTransforms(e, inner, valueOf, isOrigin);
  return isOrigin(e) ? [] : undefined;
}

function urlArg(init: ts.Expression | undefined): ts.Expression | undefined {
  const n = init && skipOuter(init);
  return n && ts.isNewExpression(n) && n.expression.getText() === "URL"
    ? n.arguments?.[0]
    : undefined;
}

function callTransforms(
  e: ts.CallExpression,
  inner: (x: ts.Expression) => OriginTransform[] | undefined,
  valueOf: ValueOf,
  isOrigin: (e: ts.Expression) => boolean,
): OriginTransform[] | undefined {
  const callee = skipOuter(e.expression);
  if (ts.isIdentifier(callee) && callee.text === "String" && e.arguments[0])
    return inner(e.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee)) return isOrigin(e) ? [] : undefined;
  const m = callee.name.text;
  const t = inner(callee.expression);
  // `req.get('Origin')`, `headers.get('origin')`: a header read.
  if (!t) return isOrigin(e) ? [] : undefined;
  switch (m) {
    case "toLowerCase":
    case "toLocaleLowerCase":
      return [...t, { kind: "lower" }];
    case "toUpperCase":
      return [...t, { kind: "upper" }];
    case "trim":
      return [...t, { kind: "trim" }];
    case "toString":
    case "valueOf":
      return t;
    case "replace":
    case "replaceAll": {
      const [from, to] = e.arguments.map(valueOf);
      if (!from || !to || to.kind !== "string") return undefined;
      if (from.kind === "string")
        return [
          ...t,
          {
            kind: "replace",
            from: from.value,
            regex: false,
            flags: "",
            to: to.value,
            all: m === "replaceAll",
          },
        ];
      if (from.kind === "regex")
        return [
          ...t,
          {
            kind: "replace",
            from: from.pattern,
            regex: true,
            flags: from.flags,
            to: to.value,
            all: m === "replaceAll" || from.flags.includes("g"),
          },
        ];
      return undefined;
    }
  }
  // `ctx.get("Origin")` when `ctx` is the first parameter: a header read, not a transform.
  return isOrigin(e) ? [] : undefined;
}
