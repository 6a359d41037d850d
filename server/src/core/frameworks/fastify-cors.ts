import type { Policy } from "../model";
import { ts } from "../parse/typescript";
import { skipOuter } from "../extract/js/bindings";
import { expressLikePolicy } from "./express-cors";
import { spanOf } from "../extract/js/guards";
import type { JsExtractor, JsFile } from "../extract/js";

const PLUGIN = ["@fastify/cors", "@fastify/cors.fastifyCors", "fastify-cors"];

/** Whether a `register` argument is the @fastify/cors plugin (imported, required, or `import()`ed). */
function isPlugin(f: JsFile, e: ts.Expression | undefined): boolean {
  if (!e) return false;
  e = skipOuter(e);
  if (ts.isCallExpression(e) && e.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const a = e.arguments[0];
    return !!a && ts.isStringLiteralLike(a) && PLUGIN.includes(a.text);
  }
  return PLUGIN.includes(f.resolver.qualified(e) ?? "");
}

/**
 * @fastify/cors: `fastify.register(cors, { ... })`. Express semantics, except that `'*'` inside an
 * origin array allows every origin and no options means `origin: '*'` (its defaults).
 */
export const fastifyCors: JsExtractor = {
  name: "fastify-cors",
  applies: (f) =>
    f.resolver.importsModule("@fastify/cors", "fastify-cors") ||
    /['"]@fastify\/cors['"]/.test(f.text),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.calls) {
      const callee = skipOuter(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "register") continue;
      if (!isPlugin(f, call.arguments[0])) continue;
      const opts = call.arguments[1];
      // `register(cors, (instance) => (req, cb) => ...)` and `{ delegator }` decide per request.
      const delegator =
        opts && (ts.isArrowFunction(skipOuter(opts)) || ts.isFunctionExpression(skipOuter(opts)));
      out.push(
        expressLikePolicy(f, {
          framework: "fastify-cors",
          node: call,
          anchor: spanOf(call.arguments[0]),
          options: opts,
          resolved: delegator
            ? { kind: "unknown", span: spanOf(opts), text: "options delegator" }
            : undefined,
          starInList: "any",
        }),
      );
    }
    return out;
  },
};
