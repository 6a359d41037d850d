import type { OriginEntry, Policy } from "../model";
import type { Value } from "../values";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import { spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor } from "../extract/js";
import {
  ALLOW_PREFIXED_NAMES,
  headerCallbackOrigins,
  closingParen,
  defaultAny,
  middlewarePolicy,
} from "../extract/js/policy";
import { firstAccepting } from "../evaluate-match";
import { anyEntry, isSent } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const MODULES = ["@koa/cors", "koa-cors", "kcors"];

/**
 * @koa/cors: no matching at all, the origin string (or a function's result) is sent as is; a falsy
 * origin means `'*'` (v5; <=4.x reflected the request's origin instead), and `'*'` with credentials
 * is turned into the request's origin (evaluate() knows).
 */
const extractor: JsExtractor = {
  name: "koa-cors",
  gate: (text) => mentionsImport(text, ...MODULES),
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
      // A function's result is the header: `true` would be sent as "true"; an allowlist check
      // answers with the request's own origin, or '' (no CORS headers).
      return headerCallbackOrigins(v, m);
    default:
      return [dynamic(v, m)];
  }
}

/** @koa/cors: no matching; `*` plus credentials echoes the origin; always `Vary: Origin`. */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) return { acao: i.cred ? i.origin : "*", acac: i.cred, vary: true, via: any };
  const sent = i.policy.origins.find(isSent);
  if (sent && sent.kind === "exact") {
    return {
      acao: sent.value,
      acac: i.cred,
      vary: true,
      via: sent.value === i.origin ? sent : undefined,
    };
  }
  const via = firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: true };
  return { acao: i.origin, acac: i.cred, vary: true, via };
}

/** `@koa/cors` (and the older `koa2-cors` name). */
export const koaCorsFramework: FrameworkDescriptor = {
  id: "koa-cors",
  label: "@koa/cors",
  language: "typescript",
  extractor,
  decide,
  options: {
    source: "@koa/cors 5.0.0 index.js options",
    names: [
      "origin",
      "allowMethods",
      "allowHeaders",
      "exposeHeaders",
      "maxAge",
      "credentials",
      "keepHeadersOnError",
      "secureContext",
      "privateNetworkAccess",
    ],
  },
  unknownOption: { effect: "ignored" },
  fixtures: "koa",
};
