import type { Policy } from "../model";
import { ts } from "../parse/typescript";
import { skipOuter } from "../extract/js/bindings";
import { expressLikePolicy } from "./express-cors";
import { spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor, JsFile } from "../extract/js";
import { firstAccepting } from "../evaluate-match";
import { staticExpressOrigin } from "./express-cors";
import type { DecideInput, Decision, FrameworkDescriptor, KnownOptions } from "./types";

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
const extractor: JsExtractor = {
  name: "fastify-cors",
  gate: (text) =>
    mentionsImport(text, "@fastify/cors", "fastify-cors") ||
    (text.includes("@fastify/cors") && /['"]@fastify\/cors['"]/.test(text)),
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

/**
 * @fastify/cors (index.js): as Express, but `Vary: Origin` is added before the origin is resolved for
 * every option that is neither a string nor `false`, and a refusing function keeps it.
 */
function decide(i: DecideInput): Decision {
  const form = i.policy.originForm;
  if (form === "false") return { acao: null, acac: false, vary: false };
  if (form === "function") {
    const via = firstAccepting(i.policy, i.origin);
    if (!via) return { acao: null, acac: false, vary: true };
    return { acao: i.origin, acac: i.cred, vary: true, via };
  }
  return staticExpressOrigin(i, false);
}

/** @fastify/cors 11.4.3 types/index.d.ts FastifyCorsOptions. */
export const FASTIFY_OPTIONS: KnownOptions = {
  source: "@fastify/cors 11.4.3 types/index.d.ts FastifyCorsOptions",
  names: [
    "hook",
    "delegator",
    "origin",
    "credentials",
    "exposedHeaders",
    "allowedHeaders",
    "methods",
    "maxAge",
    "cacheControl",
    "preflightContinue",
    "optionsSuccessStatus",
    "preflight",
    "strictPreflight",
    "hideOptionsRoute",
    "logLevel",
  ],
};

/** `fastify.register(cors, {...})`. */
export const fastifyCorsFramework: FrameworkDescriptor = {
  id: "fastify-cors",
  label: "@fastify/cors",
  language: "typescript",
  extractor,
  decide,
  options: FASTIFY_OPTIONS,
  unknownOption: { effect: "ignored" },
  fixtures: "fastify",
};
