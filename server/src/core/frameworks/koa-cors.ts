import type { OriginEntry, Policy } from "../model";
import type { Value } from "../values";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import { spanOf } from "../extract/js/guards";
import type { JsExtractor } from "../extract/js";
import {
  ALLOW_PREFIXED_NAMES,
  behaviourOrigins,
  closingParen,
  defaultAny,
  middlewarePolicy,
} from "../extract/js/policy";

const MODULES = ["@koa/cors", "koa-cors", "kcors"];

/**
 * @koa/cors: no matching at all, the origin string (or a function's result) is sent as is; a falsy
 * origin means `'*'` (v5; <=4.x reflected the request's origin instead), and `'*'` with credentials
 * is turned into the request's origin (evaluate() knows).
 */
export const koaCors: JsExtractor = {
  name: "koa-cors",
  applies: (f) => f.resolver.importsModule(...MODULES),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.calls) {
      if (!MODULES.includes(f.resolver.qualified(call.expression) ?? "")) continue;
      const anchor = spanOf(call.expression);
      const arg = call.arguments[0];
      out.push(
        middlewarePolicy({
          framework: "koa-cors",
          node: call,
          anchor,
          options: arg ? f.resolver.resolve(arg) : undefined,
          names: ALLOW_PREFIXED_NAMES,
          // `options.origin || '*'`: an unset variable falls back to every origin.
          origins: (v) =>
            originsFrom(
              v.kind === "env" && !v.fallback
                ? { ...v, fallback: { kind: "null", span: v.span } }
                : v,
              koaOrigin,
            ),
          defaultOrigins: defaultAny(anchor),
          insertAt: arg ? undefined : closingParen(call),
        }),
      );
    }
    return out;
  },
};

function koaOrigin(v: Value, m: AltMeta): OriginEntry[] {
  switch (v.kind) {
    case "string":
      if (v.value === "*" || v.value === "")
        return [{ kind: "any", source: v.value ? "star" : "setting", ...base(v.span, m) }];
      return [{ kind: "exact", value: v.value, match: "sent", ...base(v.span, m) }];
    case "null":
    case "bool":
      return v.kind === "bool" && v.value
        ? [dynamic(v, m)]
        : [{ kind: "any", source: "setting", ...base(v.span, m) }];
    case "function":
      // A function's result is the header: `true` would be sent as "true".
      if (v.behaviour.kind === "always-true") return [dynamic(v, m)];
      // An allowlist check answers with the request's own origin, or '' (no CORS headers).
      return behaviourOrigins(v.behaviour, v.span, m, "exact");
    default:
      return [dynamic(v, m)];
  }
}
