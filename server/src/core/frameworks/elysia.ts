import type { OriginEntry, Policy } from "../model";
import { entry, type OriginSummary, type Value } from "../values";
import { base, dynamic, originsFrom, summaryEntries, type AltMeta } from "../extract/origins";
import { spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor } from "../extract/js";
import { closingParen, middlewarePolicy } from "../extract/js/policy";
import { firstAccepting } from "../evaluate-match";
import { anyEntry, NONE } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

/**
 * @elysiajs/cors: the defaults are `origin: true` and `credentials: true`, so `cors()` reflects every
 * origin with credentials. Strings match exactly (`'*'` anywhere allows all), RegExps with `.test`,
 * and a function allows when it returns `true` for the request.
 */
const extractor: JsExtractor = {
  name: "elysia",
  gate: (text) => mentionsImport(text, "@elysiajs/cors"),
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
      return summaryEntries(onlyTrue(v.summary), v.span, m, { listMatch: "exact" });
    default:
      return [dynamic(v, m)];
  }
}

/** @elysiajs/cors: `origin: true` echoes, `*` is sent as is, otherwise matching origins are echoed. */
function decide(i: DecideInput): Decision {
  const reflect = i.policy.origins.find((e) => e.kind === "reflect" && e.reason === "true");
  if (reflect) return { acao: i.origin || "*", acac: i.cred, vary: true, via: reflect };
  const any = anyEntry(i);
  if (any) return { acao: "*", acac: i.cred, vary: true, via: any };
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/** `@elysiajs/cors`: credentials are on by default. */
export const elysiaFramework: FrameworkDescriptor = {
  id: "elysia",
  label: "@elysiajs/cors",
  language: "typescript",
  extractor,
  decide,
  options: {
    source: "@elysiajs/cors 1.4.2 dist/index.d.ts CORSConfig",
    names: [
      "aot",
      "origin",
      "methods",
      "allowedHeaders",
      "exposeHeaders",
      "credentials",
      "maxAge",
      "preflight",
    ],
  },
  unknownOption: { effect: "ignored" },
  credentialsByDefault: true,
  fixtures: "elysia",
  noOracle: "Elysia runs on Bun; the oracle runs Node and Debian's Python only",
};

function onlyTrue(s: OriginSummary): OriginSummary {
  return s.kind === "paths"
    ? { kind: "paths", paths: s.paths.filter((p) => p.answer.kind === "true") }
    : s;
}
