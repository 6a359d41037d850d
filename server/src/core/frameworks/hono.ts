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
import { anyEntry, NONE } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

/**
 * Hono `cors` (hono/cors): a string is compared exactly (`'*'` allows all), an array with `includes`,
 * and a function's return value is the header itself. Default origin `'*'`.
 */
const extractor: JsExtractor = {
  name: "hono",
  gate: (text) => mentionsImport(text, "hono/cors"),
  applies: (f) => f.resolver.importsModule("hono/cors"),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.calls) {
      if (f.resolver.qualified(call.expression) !== "hono/cors.cors") continue;
      const anchor = spanOf(call.expression);
      const arg = call.arguments[0];
      out.push(
        middlewarePolicy({
          framework: "hono",
          node: call,
          anchor,
          options: arg ? f.resolver.resolve(arg) : undefined,
          names: ALLOW_PREFIXED_NAMES,
          origins: (v) => originsFrom(v, honoOrigin),
          defaultOrigins: defaultAny(anchor),
          insertAt: arg ? undefined : closingParen(call),
        }),
      );
    }
    return out;
  },
};

function honoOrigin(v: Value, m: AltMeta): OriginEntry[] {
  switch (v.kind) {
    case "string":
      if (v.value === "*" && !m.inList)
        return [{ kind: "any", source: "star", ...base(v.span, m) }];
      return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, m) }];
    case "list":
      return v.items.flatMap((i) => honoOrigin(i, { ...m, inList: true }));
    case "function":
      // The callback's result is sent as the header: `() => true` sends "true", which matches nothing.
      return headerCallbackOrigins(v, m);
    default:
      return [dynamic(v, m)];
  }
}

/** Hono `cors`: `*` as is (even with credentials), a string or list echoes an exact match, a function's result. */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) return { acao: "*", acac: i.cred, vary: false, via: any };
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/** Hono `cors()` from `hono/cors`. */
export const honoFramework: FrameworkDescriptor = {
  id: "hono",
  label: "Hono cors",
  language: "typescript",
  extractor,
  decide,
  options: {
    source: "hono 4.13.19 middleware/cors CORSOptions",
    names: ["origin", "allowMethods", "allowHeaders", "maxAge", "credentials", "exposeHeaders"],
  },
  unknownOption: { effect: "ignored" },
  fixtures: "hono",
};
