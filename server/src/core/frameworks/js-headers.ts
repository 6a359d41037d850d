import type { Guard, OriginEntry, Policy, Setting, Span } from "../model";
import { ts } from "../parse/typescript";
import { alternatives, type Value } from "../values";
import {
  all,
  base,
  checkF,
  dynamic,
  listSetting,
  originsFrom,
  pathsOf,
  summaryEntries,
  type AltMeta,
} from "../extract/origins";
import { skipOuter } from "../extract/js/bindings";
import {
  conditionsOf,
  enclosingFunction,
  guardOf,
  guardsOf,
  spanOf,
  type Condition,
} from "../extract/js/guards";
import type { JsExtractor, JsFile } from "../extract/js";
import { condition, type CheckContext } from "../extract/js/conditions";
import { originReader, type OriginReader } from "../extract/js/origin-checks";
import { fixedHeaders } from "./decide";
import type { FrameworkDescriptor } from "./types";

import {
  isChecked,
  REQUEST_DATA_LABEL,
  requestDataOf,
  type RequestData,
} from "../extract/js/request-data";

/** One header written by hand: `res.setHeader(name, value)` or a `name: value` property of a headers object. */
interface HeaderWrite {
  name: string;
  value: ts.Expression | undefined;
  node: ts.Node;
  anchor: Span;
}

const CORS_HEADER = /^(access-control-(allow|expose|max)-[a-z-]+|vary)$/i;
const SETTERS = ["setHeader", "header", "set", "append", "appendHeader"];
/** Calls that send requests: headers written there are request headers (a client-side mistake, not a policy). */
const CLIENT_CALL =
  /^(fetch|axios(\.\w+)?|\$\.ajax|ky(\.\w+)?|got(\.\w+)?|request|XMLHttpRequest)$/;

/**
 * Hand-written CORS headers (`res.setHeader`, `res.set`, `res.writeHead`, `headers.set`, `new Headers`,
 * `new Response(.., { headers })`, `ctx.set`, `reply.header`, `c.header`): one Policy per enclosing function.
 */
const extractor: JsExtractor = {
  name: "js-headers",
  gate: (text) => /access-control-allow-origin/i.test(text),
  applies: (f) => /access-control-allow-origin/i.test(f.text),
  extract(f) {
    const groups = new Map<ts.Node, HeaderWrite[]>();
    const add = (w: HeaderWrite): void => {
      if (isClientSide(w.node)) return;
      const fn = enclosingFunction(w.node);
      const list = groups.get(fn) ?? [];
      list.push(w);
      groups.set(fn, list);
    };
    for (const call of f.calls) callWrites(f, call).forEach(add);
    for (const obj of f.objects) objectWrites(f, obj).forEach(add);
    const out: Policy[] = [];
    for (const [fn, writes] of groups) {
      const p = headerPolicy(f, fn, writes);
      if (p) out.push(p);
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  },
};

function headerName(f: JsFile, e: ts.Expression | undefined): string | undefined {
  if (!e) return undefined;
  const v = f.resolver.resolve(e);
  return v.kind === "string" && CORS_HEADER.test(v.value) ? v.value.toLowerCase() : undefined;
}

function callWrites(f: JsFile, call: ts.CallExpression): HeaderWrite[] {
  const callee = skipOuter(call.expression);
  const [a0, a1] = call.arguments;
  if (ts.isPropertyAccessExpression(callee)) {
    const m = callee.name.text;
    if (m === "vary" && a0)
      return [{ name: "vary", value: a0, node: call, anchor: spanOf(callee) }];
    const name = SETTERS.includes(m) ? headerName(f, a0) : undefined;
    if (name) return [{ name, value: a1, node: call, anchor: spanOf(callee) }];
  } else if (ts.isIdentifier(callee) && callee.text === "vary" && a1) {
    return [{ name: "vary", value: a1, node: call, anchor: spanOf(callee) }];
  } else if (ts.isIdentifier(callee) && callee.text === "Header" && ts.isDecorator(call.parent)) {
    // NestJS / routing-controllers `@Header("Access-Control-Allow-Origin", "*")` on a route method.
    const name = headerName(f, a0);
    if (name) return [{ name, value: a1, node: call, anchor: spanOf(callee) }];
  }
  return [];
}

function objectWrites(f: JsFile, obj: ts.ObjectLiteralExpression): HeaderWrite[] {
  const out: HeaderWrite[] = [];
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = f.resolver.propertyKey(p.name);
    if (key && CORS_HEADER.test(key)) {
      out.push({ name: key.toLowerCase(), value: p.initializer, node: p, anchor: spanOf(p.name) });
    }
  }
  // A lone `Vary` object is not a CORS configuration; it joins one only beside an Allow-Origin.
  return out.some((w) => w.name !== "vary") ? out : [];
}

function isClientSide(n: ts.Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p)) return false;
    if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && p.expression) {
      const t = p.expression.getText();
      if (CLIENT_CALL.test(t) || (ts.isNewExpression(p) && t === "Request")) return true;
    }
  }
  return false;
}

function headerPolicy(f: JsFile, fn: ts.Node, writes: HeaderWrite[]): Policy | undefined {
  const acao = writes.filter((w) => w.name === "access-control-allow-origin");
  if (!acao.length) return undefined;
  const o = originReader(f.resolver);
  const origins = acao.flatMap((w) =>
    w.value ? valueOrigins(f, w.value, conditionsOf(w.node, fn, true), o) : [],
  );
  const setting = (name: string): HeaderWrite | undefined =>
    writes.find((w) => w.name === name && w.value);
  const vary = writes.find(
    (w) => w.name === "vary" && w.value && mentionsOrigin(f.resolver.resolve(w.value)),
  );
  const start = Math.min(...writes.map((w) => w.node.getStart()));
  const end = Math.max(...writes.map((w) => w.node.getEnd()));
  return {
    framework: "js-headers",
    language: "typescript",
    span: { start, end },
    anchor: acao[0].anchor,
    origins,
    credentials: credentialsOf(f, setting("access-control-allow-credentials")),
    methods: listOf(f, setting("access-control-allow-methods")),
    allowHeaders: listOf(f, setting("access-control-allow-headers")),
    exposeHeaders: listOf(f, setting("access-control-expose-headers")),
    maxAge: maxAgeOf(f, setting("access-control-max-age")),
    vary: vary ? { value: true, span: spanOf(vary.node) } : { value: false, span: acao[0].anchor },
    options: [],
    guards: ts.isSourceFile(fn) ? [] : guardsOf(fn),
  };
}

function mentionsOrigin(v: Value): boolean {
  return alternatives(v).some(
    (a) => a.value.kind === "string" && /(^|,)\s*(origin|\*)\s*(,|$)/i.test(a.value.value),
  );
}

/**
 * The origins one Allow-Origin write sends. The request's origin echoed back is a reflection unless a
 * check on it guards the write (`if (allowed.includes(origin))`); conditions about something else
 * (`NODE_ENV`, the method) become the entry's guards.
 */
function valueOrigins(
  f: JsFile,
  value: ts.Expression,
  conds: Condition[],
  o: OriginReader,
  depth = 0,
): OriginEntry[] {
  const v = single(value);
  if (ts.isConditionalExpression(v) && depth < 4) {
    return [
      ...valueOrigins(
        f,
        v.whenTrue,
        [...conds, { expr: v.condition, whenTrue: true }],
        o,
        depth + 1,
      ),
      ...valueOrigins(
        f,
        v.whenFalse,
        [...conds, { expr: v.condition, whenTrue: false }],
        o,
        depth + 1,
      ),
    ];
  }
  const ctx: CheckContext = { r: f.resolver, o, items: new Map(), otherAsGuard: true };
  const root = requestRoot(f, v);
  // `if (!isOriginAllowed(event)) return ...`: a named origin check handed the whole request.
  const named = (c: Condition): boolean =>
    !!root && !o.mentionsOrigin(c.expr) && checksRequest(c.expr, root);
  const guards: Guard[] = conds
    .filter((c) => !o.mentionsOrigin(c.expr) && !named(c))
    .map((c) => guardOf(c.expr, c.whenTrue));
  const data = requestDataOf(f.resolver, v);
  // `req.query.origin || "*"`: the fallback matters little next to the echo, which is reported.
  if (data) {
    const m: AltMeta = { guards: guards.length ? guards : undefined, inList: false };
    return [requestDataEntry(data, isChecked(data, conds), spanOf(v), m)];
  }
  if (o.isOrigin(v)) {
    const when = all(
      conds.map((c) =>
        named(c)
          ? checkF({ kind: "opaque", text: c.expr.getText(), span: spanOf(c.expr) })
          : condition(ctx, c.expr, c.whenTrue),
      ),
    );
    if (when.kind === "unknown") {
      const m: AltMeta = { guards: guards.length ? guards : undefined, inList: false };
      return [
        {
          kind: "dynamic",
          description: "origin echoed after a custom check",
          ...base(spanOf(v), m),
        },
      ];
    }
    return summaryEntries(
      pathsOf({ kind: "origin" }, when),
      spanOf(v),
      { inList: false },
      {
        listMatch: "sent",
        reflectReason: "echo-header",
      },
    );
  }
  return originsFrom(f.resolver.resolve(v), (x, mm) =>
    fixedOrigin(f, x, { ...mm, guards: [...guards, ...(mm.guards ?? [])] }),
  );
}

/** The request object an echoed value is read from (`event` in `event.headers.origin`). */
function requestRoot(f: JsFile, e: ts.Expression, depth = 0): string | undefined {
  e = skipOuter(e);
  if (depth > 4) return undefined;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))
    return requestRoot(f, e.expression, depth + 1);
  if (ts.isCallExpression(e)) return requestRoot(f, e.expression, depth + 1);
  if (ts.isBinaryExpression(e)) return requestRoot(f, e.left, depth + 1);
  if (!ts.isIdentifier(e)) return undefined;
  const init = f.resolver.initializerOf(e);
  return init ? requestRoot(f, init, depth + 1) : e.text;
}

const CHECK_NAME = /origin|cors|allow|whitelist|trusted|domain|referr?er|same.?site/i;

/** A call named like an origin check that is given the request (or its headers). */
function checksRequest(cond: ts.Expression, root: string): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && CHECK_NAME.test(n.expression.getText())) {
      // `this.isOriginAllowed()`: a method of the handler reads the request itself.
      const method = /^this\.\w+$/.test(n.expression.getText());
      found ||= method;
      found ||= n.arguments.some((a) => {
        const t = skipOuter(a).getText();
        return t === root || t.startsWith(`${root}.`) || t.startsWith(`${root}[`);
      });
    }
    ts.forEachChild(n, visit);
  };
  visit(cond);
  return found;
}

/** Request data echoed as the origin: a reflection, unless a check on it guards the write. */
function requestDataEntry(d: RequestData, checked: boolean, span: Span, m: AltMeta): OriginEntry {
  const words = `${REQUEST_DATA_LABEL[d.kind]} ${d.text}`;
  return checked
    ? { kind: "dynamic", description: `${words} echoed after a check`, ...base(span, m) }
    : { kind: "reflect", reason: "request-data", requestData: words, ...base(span, m) };
}

function fixedOrigin(f: JsFile, v: Value, m: AltMeta): OriginEntry[] {
  const meta = { ...m, guards: m.guards?.length ? m.guards : undefined };
  if (v.kind === "string") {
    if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, meta) }];
    return v.value === ""
      ? []
      : [{ kind: "exact", value: v.value, match: "sent", ...base(v.span, meta) }];
  }
  if (v.kind === "null") {
    // Node's setHeader, fetch's Headers and Express/Koa's set() all send `null` as the text "null";
    // `undefined` is refused (Node) or dropped, so only the literal keyword counts.
    const literal = f.text.slice(v.span.start, v.span.end) === "null";
    return literal ? [{ kind: "exact", value: "null", match: "sent", ...base(v.span, meta) }] : [];
  }
  return [dynamic(v, meta)];
}

/**
 * The one value of a one-element array (`multiValueHeaders: { "Access-Control-Allow-Origin": ["*"] }`
 * of a Lambda proxy response, `res.setHeader(name, [value])`): sent as a single header line.
 */
function single(e: ts.Expression): ts.Expression {
  const v = skipOuter(e);
  return ts.isArrayLiteralExpression(v) &&
    v.elements.length === 1 &&
    !ts.isSpreadElement(v.elements[0])
    ? skipOuter(v.elements[0])
    : v;
}

function credentialsOf(f: JsFile, w: HeaderWrite | undefined): Setting<boolean> | undefined {
  if (!w?.value) return undefined;
  const v = f.resolver.resolve(single(w.value));
  const yes = alternatives(v).find(
    (a) =>
      (a.value.kind === "string" && a.value.value === "true") ||
      (a.value.kind === "bool" && a.value.value),
  );
  return yes ? { value: true, span: yes.value.span } : { value: false, span: v.span };
}

function listOf(f: JsFile, w: HeaderWrite | undefined): Setting<string[] | "*"> | undefined {
  return w?.value ? listSetting(f.resolver.resolve(w.value)) : undefined;
}

function maxAgeOf(f: JsFile, w: HeaderWrite | undefined): Setting<number> | undefined {
  if (!w?.value) return undefined;
  const v = f.resolver.resolve(w.value);
  const n =
    v.kind === "number"
      ? v.value
      : v.kind === "string" && /^\d+$/.test(v.value.trim())
        ? Number(v.value)
        : undefined;
  return n === undefined ? undefined : { value: n, span: v.span };
}

/** Hand-written `Access-Control-Allow-*` headers in TS/JS. */
export const jsHeadersFramework: FrameworkDescriptor = {
  id: "js-headers",
  label: "hand-written CORS code",
  language: "typescript",
  extractor,
  decide: fixedHeaders,
  fixtures: "js-headers",
};
