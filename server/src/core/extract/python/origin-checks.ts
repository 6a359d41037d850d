import type { PyNode } from "../../parse/python";
import type { PyResolver } from "./resolver";
import { enclosingFunction } from "./syntax";

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
