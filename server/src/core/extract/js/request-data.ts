import { ts } from "../../parse/typescript";
import { skipOuter } from "./bindings";
import type { Condition } from "./guards";
import type { JsResolver } from "./resolver";

/** Where an echoed value comes from, when it is request data other than the Origin header. */
export type RequestDataKind = "query" | "body" | "path" | "referer";

/** Request data a response header echoes: what the requester chooses, not the origin it runs on. */
export interface RequestData {
  kind: RequestDataKind;
  /** The source expression as written (`req.query.origin`). */
  text: string;
  /** Local names the value passed through (`const o = req.query.origin` gives `o`), for checks. */
  names: string[];
}

/** Human words for each kind, for messages: "the query parameter req.query.origin". */
export const REQUEST_DATA_LABEL: Record<RequestDataKind, string> = {
  query: "the query parameter",
  body: "the request body field",
  path: "the path parameter",
  referer: "the Referer header",
};

/** A request object's containers of request data (`req.query`, `event.queryStringParameters`). */
const CONTAINERS: Record<string, RequestDataKind> = {
  query: "query",
  searchParams: "query",
  queryStringParameters: "query",
  multiValueQueryStringParameters: "query",
  body: "body",
  params: "path",
  pathParameters: "path",
};
/** Accessor methods of request objects (`c.req.query("o")`, `req.param("o")`, `url.searchParams.get`). */
const ACCESSORS: Record<string, RequestDataKind> = {
  query: "query",
  queries: "query",
  param: "path",
  params: "path",
};
/** A name that holds a request (`req`, `request`, `ctx.request`, `event`, `c.req`). */
const REQUEST = /^(req|request|ctx|context|event|evt|c|r|incomingRequest|\w+Request|\w+Req)$/;
const REFERER = /^referr?er$/i;
const TRANSFORMS = new Set(["toString", "trim", "toLowerCase", "valueOf", "slice", "replace"]);

/**
 * Request data (a query parameter, a body field, a path parameter, the Referer header) that an
 * expression reads, following local `const`s and destructuring; undefined for anything else.
 */
export function requestDataOf(r: JsResolver, e: ts.Expression, depth = 0): RequestData | undefined {
  e = skipOuter(e);
  if (depth > 5) return undefined;
  if (ts.isIdentifier(e)) return identifierData(r, e, depth);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    const or = op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken;
    if (or) return requestDataOf(r, e.left, depth + 1);
    const port = withPort(e);
    return port ? requestDataOf(r, port, depth + 1) : undefined;
  }
  // `${req.query.host}:${port}`, `${req.query.host}:8443`
  if (ts.isTemplateExpression(e) && e.head.text === "" && isPortTail(e))
    return requestDataOf(r, e.templateSpans[0].expression, depth + 1);
  if (ts.isCallExpression(e)) return callData(r, e, depth);
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = memberKey(e);
    const obj = skipOuter(e.expression);
    // `new URL(req.get("Referer")).origin`, `new URL(req.query.next).origin`
    if (key === "origin" && ts.isNewExpression(obj) && obj.arguments?.[0])
      return requestDataOf(r, obj.arguments[0], depth + 1);
    if (key && REFERER.test(key) && /^headers$/i.test(memberKey(obj) ?? ""))
      return data("referer", e);
    if (key && REFERER.test(key) && isRequest(obj)) return data("referer", e);
    const kind = containerKind(r, obj, depth);
    if (kind) return data(kind, e);
  }
  return undefined;
}

/**
 * `x + ":" + port` / `x + ":8443"`: a port appended to request data, which an attacker serves
 * their page on; the value that starts the origin is returned. Other suffixes (a fixed host) are not.
 */
function withPort(e: ts.BinaryExpression): ts.Expression | undefined {
  if (e.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  const right = skipOuter(e.right);
  if (ts.isStringLiteralLike(right) && /^:\d*$/.test(right.text)) return e.left;
  const left = skipOuter(e.left);
  if (!ts.isBinaryExpression(left) || left.operatorToken.kind !== ts.SyntaxKind.PlusToken)
    return undefined;
  const colon = skipOuter(left.right);
  return ts.isStringLiteralLike(colon) && colon.text === ":" ? left.left : undefined;
}

/** After the first interpolation, only a port: `:${port}` or `:8443`. */
function isPortTail(e: ts.TemplateExpression): boolean {
  const [first, second] = e.templateSpans;
  if (e.templateSpans.length === 1) return /^:\d*$/.test(first.literal.text);
  return e.templateSpans.length === 2 && first.literal.text === ":" && second.literal.text === "";
}

function data(kind: RequestDataKind, e: ts.Node | string): RequestData {
  const text = typeof e === "string" ? e : e.getText();
  return { kind, text: text.replace(/\s+/g, " ").slice(0, 60), names: [] };
}

function memberKey(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
    return e.argumentExpression.text;
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

function isRequest(e: ts.Expression): boolean {
  e = skipOuter(e);
  const name = ts.isPropertyAccessExpression(e) ? e.name.text : ts.isIdentifier(e) ? e.text : "";
  return REQUEST.test(name);
}

/** What kind of request data `obj` holds as a whole: `req.query`, `await req.json()`, a body. */
function containerKind(
  r: JsResolver,
  obj: ts.Expression,
  depth: number,
): RequestDataKind | undefined {
  obj = skipOuter(obj);
  if (ts.isPropertyAccessExpression(obj)) {
    const kind = CONTAINERS[obj.name.text];
    if (kind && isRequest(obj.expression)) return kind;
    // `ctx.request.body.origin`, `req.query.cors.origin`: one level deeper
    return depth < 5 ? containerKind(r, obj.expression, depth + 1) : undefined;
  }
  if (ts.isCallExpression(obj) && ts.isPropertyAccessExpression(obj.expression)) {
    const m = obj.expression.name.text;
    if ((m === "json" || m === "formData") && isRequest(obj.expression.expression)) return "body";
  }
  if (ts.isIdentifier(obj) && depth < 5) {
    const b = r.bindings.lookup(obj.text, obj);
    if (!b?.init || b.writes.length || b.kind === "param") return undefined;
    if (b.path) {
      const kind = CONTAINERS[b.path];
      return kind && isRequest(b.init) ? kind : undefined;
    }
    return containerKind(r, b.init, depth + 1);
  }
  return undefined;
}

function identifierData(r: JsResolver, id: ts.Identifier, depth: number): RequestData | undefined {
  const b = r.bindings.lookup(id.text, id);
  if (!b?.init || b.writes.length || !["const", "let", "var"].includes(b.kind)) return undefined;
  let found: RequestData | undefined;
  if (b.path) {
    // `const { origin } = req.query`, `const { referer } = req.headers`
    const init = skipOuter(b.init);
    const text = `${init.getText()}.${b.path}`;
    if (REFERER.test(b.path) && /^headers$/i.test(memberKey(init) ?? ""))
      found = data("referer", text);
    const kind = found ? undefined : containerKind(r, init, depth + 1);
    if (kind) found = data(kind, text);
  } else found = requestDataOf(r, b.init, depth + 1);
  return found && { ...found, names: [...found.names, id.text] };
}

function callData(r: JsResolver, e: ts.CallExpression, depth: number): RequestData | undefined {
  const callee = skipOuter(e.expression);
  if (ts.isIdentifier(callee) && callee.text === "String" && e.arguments[0])
    return requestDataOf(r, e.arguments[0], depth + 1);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const m = callee.name.text;
  const obj = skipOuter(callee.expression);
  if (TRANSFORMS.has(m)) return requestDataOf(r, obj, depth + 1);
  const arg = e.arguments[0];
  const literal = arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
  // `req.get("Referer")`, `req.header("referer")`, `request.headers.get("referer")`
  if (literal && REFERER.test(literal) && ["get", "header", "getHeader"].includes(m)) {
    return isRequest(obj) || /^headers$/i.test(memberKey(obj) ?? "")
      ? data("referer", e)
      : undefined;
  }
  // `c.req.query("origin")`, `req.param("origin")`
  if (ACCESSORS[m] && literal !== undefined && isRequest(obj)) return data(ACCESSORS[m], e);
  // `url.searchParams.get("origin")`, `req.query.get("origin")`, `(await req.formData()).get("o")`
  if (m === "get" && literal !== undefined) {
    const kind = containerKind(r, obj, depth + 1) ?? searchParamsKind(obj);
    if (kind) return data(kind, e);
  }
  return undefined;
}

/** `new URL(req.url).searchParams`, `url.searchParams`, `request.nextUrl.searchParams`. */
function searchParamsKind(obj: ts.Expression): RequestDataKind | undefined {
  return ts.isPropertyAccessExpression(obj) && obj.name.text === "searchParams"
    ? "query"
    : undefined;
}

/**
 * Whether a condition on the write's path checks the echoed data against something (an allowlist,
 * a comparison, a helper). A presence test (`if (req.query.origin)`, `x != null`, `typeof x`,
 * `x.length > 0`) lets every value through and does not count.
 */
export function isChecked(d: RequestData, conds: Condition[]): boolean {
  const words = [...d.names, d.text].map(escape);
  const re = new RegExp(`(^|[^\\w$.])(${words.join("|")})(?![\\w$])`);
  const mentions = (n: ts.Node): boolean => re.test(n.getText());
  const checks = (e: ts.Expression): boolean => {
    e = skipOuter(e);
    if (!mentions(e)) return false;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
      return checks(e.operand);
    if (ts.isBinaryExpression(e)) return comparisonChecks(e, mentions, checks);
    // A bare read (`if (req.query.origin)`, `x.length`) only tests presence.
    return !(
      ts.isIdentifier(e) ||
      ts.isPropertyAccessExpression(e) ||
      ts.isElementAccessExpression(e)
    );
  };
  return conds.some((c) => checks(c.expr));
}

/**
 * Operator kinds, read from the compiler on first use: a module-level read of `ts.SyntaxKind` would load
 * the TypeScript compiler when the bundle starts, even for a run that parses no TS/JS file.
 */
let operators: {
  logical: Set<ts.SyntaxKind>;
  equality: Set<ts.SyntaxKind>;
  order: Set<ts.SyntaxKind>;
};
function operatorKinds(): typeof operators {
  return (operators ??= {
    logical: new Set([
      ts.SyntaxKind.AmpersandAmpersandToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.QuestionQuestionToken,
    ]),
    equality: new Set([
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ]),
    order: new Set([
      ts.SyntaxKind.LessThanToken,
      ts.SyntaxKind.GreaterThanToken,
      ts.SyntaxKind.LessThanEqualsToken,
      ts.SyntaxKind.GreaterThanEqualsToken,
    ]),
  });
}

function comparisonChecks(
  e: ts.BinaryExpression,
  mentions: (n: ts.Node) => boolean,
  checks: (e: ts.Expression) => boolean,
): boolean {
  const op = e.operatorToken.kind;
  const kinds = operatorKinds();
  if (kinds.logical.has(op)) return checks(e.left) || checks(e.right);
  if (kinds.order.has(op)) return false;
  if (!kinds.equality.has(op)) return true;
  const other = skipOuter(mentions(e.left) ? e.right : e.left);
  const presence =
    other.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(other) && other.text === "undefined") ||
    (ts.isStringLiteralLike(other) && other.text === "") ||
    ts.isTypeOfExpression(skipOuter(e.left)) ||
    ts.isTypeOfExpression(skipOuter(e.right));
  return !presence;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
