import { ts } from "../../parse/typescript";
import { skipOuter } from "./bindings";
import type { JsResolver } from "./resolver";

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
