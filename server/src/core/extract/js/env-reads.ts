import { ts } from "../../parse/typescript";
import { skipOuter } from "./bindings";

/**
 * The name of an environment variable an expression reads (`process.env.X`, `process.env["X"]`,
 * `import.meta.env.X`, `Deno.env.get("X")`); `qualified` is the resolver's import-aware name of an expression.
 */
export function envVariable(
  e: ts.Expression,
  qualified: (e: ts.Expression) => string | undefined,
): string | undefined {
  e = skipOuter(e);
  let obj: ts.Expression;
  let key: string | undefined;
  if (ts.isPropertyAccessExpression(e)) {
    obj = e.expression;
    key = e.name.text;
  } else if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    obj = e.expression;
    key = e.argumentExpression.text;
  } else if (
    ts.isCallExpression(e) &&
    e.arguments.length === 1 &&
    ts.isStringLiteralLike(e.arguments[0])
  ) {
    // Deno.env.get('X')
    const callee = e.expression;
    const ok =
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "get" &&
      isEnvObject(callee.expression, qualified);
    return ok ? e.arguments[0].text : undefined;
  } else return undefined;
  return isEnvObject(obj, qualified) ? key : undefined;
}

/** `process.env`, `Bun.env`, `Deno.env`, `import.meta.env` or `env` imported from `node:process`. */
function isEnvObject(
  e: ts.Expression,
  qualified: (e: ts.Expression) => string | undefined,
): boolean {
  e = skipOuter(e);
  if (ts.isPropertyAccessExpression(e) && e.name.text === "env") {
    const o = skipOuter(e.expression);
    if (ts.isMetaProperty(o)) return true;
    if (ts.isIdentifier(o)) {
      const q = qualified(o);
      return (
        q === "process" ||
        q === "Bun" ||
        q === "Deno" ||
        q === "node:process" ||
        q === "process.default"
      );
    }
    return false;
  }
  // `import { env } from 'node:process'`
  return ts.isIdentifier(e) && /^(node:)?process\.env$/.test(qualified(e) ?? "");
}
