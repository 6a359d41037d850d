import type { OriginEntry, Policy } from "../model";
import { entry, type Value } from "../values";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import { spanOf } from "../extract/js/guards";
import type { JsExtractor } from "../extract/js";
import { behaviourOrigins, closingParen, middlewarePolicy } from "../extract/js/policy";

/**
 * @elysiajs/cors: the defaults are `origin: true` and `credentials: true`, so `cors()` reflects every
 * origin with credentials. Strings match exactly (`'*'` anywhere allows all), RegExps with `.test`,
 * and a function allows when it returns `true` for the request.
 */
export const elysia: JsExtractor = {
  name: "elysia",
  applies: (f) => f.resolver.importsModule("@elysiajs/cors"),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.calls) {
      const q = f.resolver.qualified(call.expression);
      if (q !== "@elysiajs/cors" && q !== "@elysiajs/cors.cors") continue;
      const anchor = spanOf(call.expression);
      const arg = call.arguments[0];
      const options = arg ? f.resolver.resolve(arg) : undefined;
      const p = middlewarePolicy({
        framework: "elysia",
        node: call,
        anchor,
        options,
        names: {
          origin: "origin",
          credentials: "credentials",
          methods: ["methods"],
          allowHeaders: ["allowedHeaders"],
          exposeHeaders: ["exposeHeaders"],
          maxAge: ["maxAge"],
        },
        origins: (v) => originsFrom(v, elysiaOrigin),
        defaultOrigins: [{ kind: "reflect", reason: "true", span: anchor }],
        insertAt: arg ? undefined : closingParen(call),
      });
      if (!options || (options.kind === "dict" && !entry(options, "credentials"))) {
        p.credentials = { value: true, span: anchor };
      }
      out.push(p);
    }
    return out;
  },
};

function elysiaOrigin(v: Value, m: AltMeta): OriginEntry[] {
  switch (v.kind) {
    case "string":
      if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, m) }];
      return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, m) }];
    case "bool":
      return v.value ? [{ kind: "reflect", reason: "true", ...base(v.span, m) }] : [];
    case "null":
      return [];
    case "regex":
      return [
        { kind: "regex", pattern: v.pattern, flags: v.flags, engine: "search", ...base(v.span, m) },
      ];
    case "list":
      return v.items.flatMap((i) => elysiaOrigin(i, { ...m, inList: true }));
    case "function":
      // Only a literal `true` allows: a function returning the origin string allows nothing.
      if (v.behaviour.kind === "identity") return [];
      return behaviourOrigins(v.behaviour, v.span, m, "exact");
    default:
      return [dynamic(v, m)];
  }
}
