import type { PyNode } from "../../parse/python";
import type { PyResolver } from "./resolver";

/** Where an echoed value comes from, when it is request data other than the Origin header. */
export type RequestDataKind = "query" | "body" | "path" | "referer";

/** Request data a response header echoes: what the requester chooses, not the origin it runs on. */
export interface RequestData {
  kind: RequestDataKind;
  /** The source expression as written (`request.args.get("origin")`). */
  text: string;
  /** Local names the value passed through (`origin = request.args["origin"]` gives `origin`). */
  names: string[];
}

/** Human words for each kind, for messages: "the query parameter request.args["origin"]". */
export const REQUEST_DATA_LABEL: Record<RequestDataKind, string> = {
  query: "the query parameter",
  body: "the request body field",
  path: "the path parameter",
  referer: "the Referer header",
};

/**
 * Request objects' containers of request data: Flask/Werkzeug `args`/`form`/`values`/`json`,
 * Django `GET`/`POST`, Starlette `query_params`/`path_params`, aiohttp `query`/`match_info`,
 * Sanic/Quart `args`/`form`/`json`, Bottle `query`/`forms`/`params`, Falcon `params`.
 */
const CONTAINERS: Record<string, RequestDataKind> = {
  args: "query",
  GET: "query",
  query_params: "query",
  query: "query",
  params: "query",
  query_string: "query",
  values: "query",
  form: "body",
  forms: "body",
  POST: "body",
  json: "body",
  data: "body",
  body: "body",
  media: "body",
  path_params: "path",
  match_info: "path",
  view_args: "path",
  kwargs: "path",
};
/** Methods returning a parsed body: `request.get_json()`, `await request.json()`, `await request.form()`. */
const BODY_METHODS = new Set(["get_json", "json", "form", "get_data", "get_media", "body"]);
/** Tornado `RequestHandler` accessors. */
const TORNADO: Record<string, RequestDataKind> = {
  get_argument: "query",
  get_query_argument: "query",
  get_body_argument: "body",
  path_kwargs: "path",
};
/** A name that holds a request (`request`, `req`, `self.request`). */
const REQUEST = /(^|\.)(request|req|rq|http_request)$/;
const REFERER = /^(referr?er|http_referr?er)$/i;
/** Objects whose `.get("Referer")` / `["Referer"]` is the header: `request.headers`, `self.headers`, `request.META`. */
const HEADERS = /(^|\.)(headers|META|environ)$|\[\s*["']headers["']\s*\]$/;
/** A Lambda proxy event's request data: `event["queryStringParameters"]`, `event["pathParameters"]`. */
const EVENT_KEYS: Record<string, RequestDataKind> = {
  queryStringParameters: "query",
  multiValueQueryStringParameters: "query",
  pathParameters: "path",
};
const TRANSFORMS = new Set(["strip", "lower", "rstrip", "decode"]);
/** Route decorators: `@app.route("/<origin>")`, `@router.get("/{origin}")`, `@get("/x")`. */
const ROUTE = /(^|\.)(route|get|post|put|patch|delete|api_route|websocket|add_route)$/;
/** Parameters that are not request data: FastAPI `Header()`/`Cookie()`/`Depends()` and request objects. */
const NOT_DATA_DEFAULT = /^(\w+\.)?(Header|Cookie|Depends|Security|File|UploadFile)\(/;
const NOT_DATA_TYPE =
  /Request|Response|WebSocket|BackgroundTasks|Session|Depends|Annotated\[.*Header/;

/**
 * The request data (a query parameter, a body field, a path parameter, the Referer header) an
 * expression reads, following local assignments; undefined for anything else.
 */
export function requestDataOf(
  r: PyResolver,
  n: PyNode | null | undefined,
  depth = 0,
): RequestData | undefined {
  if (!n || depth > 6) return undefined;
  switch (n.type) {
    case "parenthesized_expression":
    case "await":
      return requestDataOf(r, n.namedChildren[0], depth + 1);
    case "boolean_operator":
      return n.childForFieldName("operator")?.text === "or"
        ? requestDataOf(r, n.childForFieldName("left"), depth + 1)
        : undefined;
    case "binary_operator": {
      // `request.args["host"] + ":8443"`: a port after request data the requester chooses.
      const right = n.childForFieldName("right");
      const port = right?.type === "string" && /^[rRbBuU]?["']:\d*["']$/.test(right.text);
      return n.childForFieldName("operator")?.text === "+" && port
        ? requestDataOf(r, n.childForFieldName("left"), depth + 1)
        : undefined;
    }
    case "subscript": {
      const obj = n.childForFieldName("value");
      return member(r, n, obj, keyOf(r, n.childForFieldName("subscript")), depth);
    }
    case "attribute": {
      const obj = n.childForFieldName("object");
      const name = n.childForFieldName("attribute")?.text;
      if (name && REFERER.test(name) && obj && REQUEST.test(obj.text)) return data("referer", n);
      return member(r, n, obj, name, depth);
    }
    case "call":
      return callData(r, n, depth);
    case "identifier":
      return identifierData(r, n, depth);
    default:
      return undefined;
  }
}

function data(kind: RequestDataKind, n: PyNode): RequestData {
  return { kind, text: n.text.replace(/\s+/g, " ").slice(0, 60), names: [] };
}

function keyOf(r: PyResolver, n: PyNode | null | undefined): string | undefined {
  if (!n) return undefined;
  const v = r.resolve(n);
  return v.kind === "string" ? v.value : "";
}

/** `obj[key]` / `obj.key`: the Referer header, or a field of a request-data container. */
function member(
  r: PyResolver,
  n: PyNode,
  obj: PyNode | null,
  key: string | undefined,
  depth: number,
): RequestData | undefined {
  if (!obj || key === undefined) return undefined;
  if (REFERER.test(key) && HEADERS.test(obj.text)) return data("referer", n);
  const kind = containerKind(r, obj, depth + 1);
  return kind ? data(kind, n) : undefined;
}

/** What kind of request data `obj` holds as a whole: `request.args`, `request.get_json()`, a body. */
function containerKind(
  r: PyResolver,
  obj: PyNode | null | undefined,
  depth: number,
): RequestDataKind | undefined {
  if (!obj || depth > 6) return undefined;
  switch (obj.type) {
    case "parenthesized_expression":
    case "await":
      return containerKind(r, obj.namedChildren[0], depth + 1);
    case "attribute": {
      const inner = obj.childForFieldName("object");
      const name = obj.childForFieldName("attribute")?.text ?? "";
      if (CONTAINERS[name] && inner && REQUEST.test(inner.text)) return CONTAINERS[name];
      if (TORNADO[name] === "path" && inner?.text === "self") return "path";
      return undefined;
    }
    case "subscript": {
      const key = keyOf(r, obj.childForFieldName("subscript"));
      return key ? EVENT_KEYS[key] : undefined;
    }
    case "call": {
      const fn = obj.childForFieldName("function");
      // `json.loads(event["body"])`, `json.loads(request.body)`
      if (/(^|\.)loads$/.test(fn?.text ?? "")) {
        const arg = obj.childForFieldName("arguments")?.namedChildren[0];
        if (arg && /(\.body|\[\s*["']body["']\s*\])$/.test(arg.text)) return "body";
      }
      const name = fn?.childForFieldName("attribute")?.text ?? "";
      const inner = fn?.childForFieldName("object");
      return BODY_METHODS.has(name) && inner && REQUEST.test(inner.text) ? "body" : undefined;
    }
    case "identifier": {
      const b = lastAssignment(r, obj);
      return b ? containerKind(r, b, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function lastAssignment(r: PyResolver, id: PyNode): PyNode | undefined {
  const list = r.localBindings(id.text, id) ?? [];
  if (list.some((b) => b.op !== "=")) return undefined;
  return list.length ? list[list.length - 1].node : undefined;
}

function callData(r: PyResolver, n: PyNode, depth: number): RequestData | undefined {
  const fn = n.childForFieldName("function");
  const args = n.childForFieldName("arguments")?.namedChildren ?? [];
  if (fn?.type === "identifier" && fn.text === "str") return requestDataOf(r, args[0], depth + 1);
  if (fn?.type !== "attribute") return undefined;
  const method = fn.childForFieldName("attribute")?.text ?? "";
  const obj = fn.childForFieldName("object");
  if (TRANSFORMS.has(method)) return requestDataOf(r, obj, depth + 1);
  if (TORNADO[method] && obj?.text === "self" && args[0]) return data(TORNADO[method], n);
  if (method !== "get" || !args[0]) return undefined;
  const key = keyOf(r, args[0]);
  if (key === undefined) return undefined;
  return member(r, n, obj, key, depth);
}

function identifierData(r: PyResolver, id: PyNode, depth: number): RequestData | undefined {
  const list = r.localBindings(id.text, id);
  if (list === undefined) return undefined;
  if (!list.length) return parameterData(id);
  if (list.some((b) => b.op !== "=")) return undefined;
  // Every assignment must read request data (`origin = request.args.get("o")`), or none counts.
  const found = list.map((b) => requestDataOf(r, b.node, depth + 1));
  const first = found[0];
  if (!first || found.some((d) => !d)) return undefined;
  return { ...first, names: [...first.names, id.text] };
}

/**
 * A route handler's parameter: a path parameter when the route names it (`"/<origin>"`,
 * `"/{origin}"`), a FastAPI query parameter when a verb decorator's function takes it plainly.
 */
function parameterData(id: PyNode): RequestData | undefined {
  const fn = enclosingFunctionOf(id);
  const decorated = fn?.parent?.type === "decorated_definition" ? fn.parent : undefined;
  if (!fn || !decorated) return undefined;
  const param = (fn.childForFieldName("parameters")?.namedChildren ?? []).find(
    (p) =>
      p &&
      (p.type === "identifier" ? p : (p.childForFieldName("name") ?? p.namedChildren[0]))?.text ===
        id.text,
  );
  if (!param) return undefined;
  const typ = param.childForFieldName("type")?.text ?? "";
  const dflt = param.childForFieldName("value")?.text ?? "";
  if (NOT_DATA_TYPE.test(typ) || NOT_DATA_DEFAULT.test(dflt)) return undefined;
  for (const d of decorated.namedChildren) {
    if (d?.type !== "decorator") continue;
    const call = d.namedChildren[0];
    if (call?.type !== "call") continue;
    const name = call.childForFieldName("function")?.text ?? "";
    if (!ROUTE.test(name)) continue;
    const path = call.childForFieldName("arguments")?.namedChildren[0];
    const route = path?.type === "string" ? path.text : "";
    const named = new RegExp(`[<{](\\w+:)?${id.text}(:[^>}]*)?[>}]`).test(route);
    if (named) return { kind: "path", text: id.text, names: [id.text] };
    // FastAPI/Litestar: a plain parameter of a verb route is a query parameter.
    if (!/(^|\.)route$/.test(name) && /^(\w+\.)?(Query|Body|Form)\(|^$|^None$|^["']/.test(dflt)) {
      const kind = /Body|Form/.test(dflt) ? "body" : "query";
      return { kind, text: id.text, names: [id.text] };
    }
  }
  return undefined;
}

function enclosingFunctionOf(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === "function_definition") return p;
    if (p.type === "class_definition" || p.type === "lambda") return undefined;
  }
  return undefined;
}

/**
 * Whether a check on the path to the write compares the echoed data with something: an
 * `if`/`elif`/`while` test before the write or a conditional expression around it. A presence test
 * (`if origin:`, `if origin is None: return`, `len(origin) > 0`) lets every value through.
 */
export function isChecked(d: RequestData, at: PyNode, scope: PyNode): boolean {
  const words = [...d.names, d.text].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const re = new RegExp(`(^|[^\\w.])(${words.join("|")})(?!\\w)`);
  const checks = (n: PyNode | null | undefined): boolean => {
    if (!n || !re.test(n.text)) return false;
    switch (n.type) {
      case "parenthesized_expression":
        return checks(n.namedChildren[0]);
      case "not_operator":
        return checks(n.childForFieldName("argument"));
      case "boolean_operator":
        return checks(n.childForFieldName("left")) || checks(n.childForFieldName("right"));
      case "comparison_operator":
        return comparisonChecks(n);
      case "identifier":
      case "attribute":
      case "subscript":
        return false;
      default:
        return true;
    }
  };
  for (const c of scope.descendantsOfType(["if_statement", "elif_clause", "while_statement"])) {
    if (c && c.startIndex < at.startIndex && checks(c.childForFieldName("condition"))) return true;
  }
  for (let p = at.parent; p && p.id !== scope.id; p = p.parent) {
    if (p.type === "conditional_expression" && checks(p.namedChildren[1])) return true;
  }
  return false;
}

/** `x in ALLOWED`, `x == "https://a"` check; `x is None`, `x != ""`, `len(x) > 0` only test presence. */
function comparisonChecks(n: PyNode): boolean {
  const ops = n.children.filter((c) => !!c && !c.isNamed).map((c) => c!.text.replace(/\s+/g, " "));
  if (ops.some((o) => o === "in" || o === "not in")) return true;
  if (!ops.some((o) => o === "==" || o === "!=")) return false;
  return !n.namedChildren.some(
    (c) => !!c && (c.type === "none" || c.text === '""' || c.text === "''"),
  );
}
