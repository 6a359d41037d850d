import type { Framework, OriginEntry, Policy, Span } from "../../model";
import { ts } from "../../parse/typescript";
import { entry, type Value } from "../../values";
import {
  base,
  boolSetting,
  dynamic,
  listSetting,
  numberSetting,
  originsFrom,
  summaryEntries,
  type AltMeta,
} from "../origins";
import type { FnLike } from "./behaviour";
import { skipOuter } from "./bindings";
import { guardsOf, spanOf } from "./guards";
import type { JsFile } from "./index";

/** The option names a middleware reads its settings from (first present wins). */
export interface OptionNames {
  origin: string;
  credentials: string;
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: string[];
}

/** Express `cors` option names, shared by NestJS, socket.io and @fastify/cors. */
export const EXPRESS_NAMES: OptionNames = {
  origin: "origin",
  credentials: "credentials",
  methods: ["methods"],
  allowHeaders: ["allowedHeaders", "headers"],
  exposeHeaders: ["exposedHeaders"],
  maxAge: ["maxAge"],
};

/** Hono's and @koa/cors's option names (`allowMethods`, `allowHeaders`, ...). */
export const ALLOW_PREFIXED_NAMES: OptionNames = {
  origin: "origin",
  credentials: "credentials",
  methods: ["allowMethods"],
  allowHeaders: ["allowHeaders"],
  exposeHeaders: ["exposeHeaders"],
  maxAge: ["maxAge"],
};

/** Everything a middleware policy is built from. */
export interface PolicyParts {
  framework: Framework;
  /** The whole configuration (the middleware call). */
  node: ts.Node;
  anchor: Span;
  /** The options object, or undefined for a call without options. */
  options: Value | undefined;
  names: OptionNames;
  /** Turns the `origin` option into entries; called only when the option is present. */
  origins: (v: Value) => OriginEntry[];
  /** Entries when no `origin` option is given (the framework's default). */
  defaultOrigins: OriginEntry[];
  /** Offset of the `)` of a call without options. */
  insertAt?: number;
  note?: string;
}

/** A Policy from a middleware's options. */
export function middlewarePolicy(p: PolicyParts): Policy {
  const opts = p.options?.kind === "dict" ? p.options : undefined;
  const origin = entry(opts, p.names.origin);
  const first = (names: string[]): Value | undefined =>
    names.map((n) => entry(opts, n)?.value).find(Boolean);
  let origins: OriginEntry[];
  if (p.options && !opts) origins = [dynamic(p.options, { inList: false })];
  else origins = origin ? p.origins(origin.value) : p.defaultOrigins;
  return {
    framework: p.framework,
    language: "typescript",
    span: spanOf(p.node),
    anchor: p.anchor,
    origins,
    credentials: boolSetting(entry(opts, p.names.credentials)?.value),
    methods: listSetting(first(p.names.methods)),
    allowHeaders: listSetting(first(p.names.allowHeaders)),
    exposeHeaders: listSetting(first(p.names.exposeHeaders)),
    maxAge: numberSetting(first(p.names.maxAge)),
    options: (opts?.entries ?? []).map((k) => ({
      name: k.key,
      span: k.keySpan,
      valueSpan: k.value.span,
    })),
    guards: guardsOf(p.node),
    insertAt: opts ? objectEnd(opts) : p.insertAt,
    ...(p.note ? { note: p.note } : {}),
  };
}

/** The offset of the closing `}` of an object literal's value, for fixes that add an option. */
function objectEnd(v: Value): number | undefined {
  return v.kind === "dict" && v.span.end > v.span.start ? v.span.end - 1 : undefined;
}

/** How `'*'` inside an origin array is read: Express keeps it as a string that never matches, Fastify allows all. */
export type StarInList = "exact" | "any";

/** Express `cors` origin semantics (also @fastify/cors, NestJS, socket.io). */
export function expressOrigins(value: Value, starInList: StarInList): OriginEntry[] {
  return originsFrom(value, (v, m) => expressOne(v, m, starInList));
}

function expressOne(v: Value, m: AltMeta, starInList: StarInList): OriginEntry[] {
  switch (v.kind) {
    case "string":
      if (v.value === "*" && (!m.inList || starInList === "any"))
        return [{ kind: "any", source: "star", ...base(v.span, m) }];
      // An empty string is falsy: the middleware sends no CORS headers at all.
      if (v.value === "" && !m.inList) return [];
      return [
        { kind: "exact", value: v.value, match: m.inList ? "exact" : "sent", ...base(v.span, m) },
      ];
    case "bool":
      return v.value ? [{ kind: "reflect", reason: "true", ...base(v.span, m) }] : [];
    case "null":
      return [];
    case "regex":
      return [
        { kind: "regex", pattern: v.pattern, flags: v.flags, engine: "search", ...base(v.span, m) },
      ];
    case "list":
      return v.items.flatMap((i) => expressOne(i, { ...m, inList: true }, starInList));
    case "function":
      // The callback hands its answer back as the `origin` option: the same reading.
      return summaryEntries(v.summary, v.span, m, {
        listMatch: "exact",
        onValue: (a, mm) =>
          originsFrom(a, (x, m2) => expressOne(x, { ...mm, ...m2, guards: mm.guards }, starInList)),
      });
    default:
      return [dynamic(v, m)];
  }
}

/** A callback whose answer is the header itself (Hono, @koa/cors): `true` would be sent as "true". */
export function headerCallbackOrigins(
  v: Extract<Value, { kind: "function" }>,
  m: AltMeta,
): OriginEntry[] {
  return summaryEntries(v.summary, v.span, m, {
    listMatch: "exact",
    onTrue: (span, mm) => [dynamic({ kind: "unknown", span, text: "true" }, mm)],
    onValue: (a, mm) =>
      originsFrom(a, (x, m2) => {
        const meta = { ...mm, inList: m2.inList, envVar: m2.envVar ?? mm.envVar };
        if (x.kind === "string")
          return [{ kind: "exact", value: x.value, match: "sent", ...base(x.span, meta) }];
        return x.kind === "null" ? [] : [dynamic(x, meta)];
      }),
  });
}

/** An `any` entry for a framework default at the anchor. */
export function defaultAny(anchor: Span): OriginEntry[] {
  return [{ kind: "any", source: "default", span: anchor }];
}

/** The function an expression names (an inline function, a function declaration, or a const holding one). */
export function functionNode(
  f: JsFile,
  e: ts.Expression | undefined,
  depth = 0,
): FnLike | undefined {
  if (!e || depth > 4) return undefined;
  e = skipOuter(e);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const b = f.resolver.bindings.lookup(e.text, e);
  if (b && ts.isFunctionDeclaration(b.decl)) return b.decl;
  const init = f.resolver.initializerOf(e);
  return init ? functionNode(f, init, depth + 1) : undefined;
}

/**
 * The options an options delegate (`cors((req, cb) => cb(null, {...}))`) hands over, when it always
 * hands over the same resolvable object; undefined otherwise.
 */
export function delegateOptions(f: JsFile, fn: FnLike): Value | undefined {
  const cb = fn.parameters[1]?.name;
  const cbName = cb && ts.isIdentifier(cb) ? cb.text : undefined;
  const values: ts.Expression[] = [];
  let conditional = false;
  const visit = (n: ts.Node): void => {
    if (n !== fn && ts.isFunctionLike(n)) return;
    if (ts.isIfStatement(n) || ts.isConditionalExpression(n) || ts.isSwitchStatement(n))
      conditional = true;
    if (ts.isReturnStatement(n) && n.expression && !isCallTo(n.expression, cbName))
      values.push(n.expression);
    if (ts.isCallExpression(n) && isCallTo(n, cbName) && n.arguments[1])
      values.push(n.arguments[1]);
    ts.forEachChild(n, visit);
  };
  if (fn.body && !ts.isBlock(fn.body) && !isCallTo(fn.body, cbName)) values.push(fn.body);
  else if (fn.body) visit(fn.body);
  if (conditional || values.length !== 1) return undefined;
  const v = f.resolver.resolve(values[0]);
  return v.kind === "dict" ? v : undefined;
}

function isCallTo(e: ts.Expression, name: string | undefined): boolean {
  e = skipOuter(e);
  return (
    !!name && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === name
  );
}

/** The `)` of a call, for options inserted into an empty argument list. */
export function closingParen(call: ts.CallExpression | ts.NewExpression): number {
  return call.getEnd() - 1;
}
