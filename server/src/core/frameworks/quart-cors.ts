import { firstAccepting } from "../evaluate-match";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import { mentionsModule, type PyExtractor } from "../extract/python";
import { allowStyleSettings, argsEnd, optionRefs } from "../extract/python/common";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import type { OriginEntry, Policy } from "../model";
import { entry, type Value } from "../values";
import { anyEntry } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const CORS = ["quart_cors.cors"];
const ROUTE_CORS = ["quart_cors.route_cors"];

/** quart-cors: `app = cors(app, ...)` (an app or blueprint) and the `@route_cors(...)` decorator. */
const extractor: PyExtractor = {
  name: "quart-cors",
  gate: (text) => mentionsModule(text, "quart_cors"),
  applies: (f) => f.resolver.importsModule("quart_cors"),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.callsNamed(f.resolver.calleeNames(...CORS, ...ROUTE_CORS))) {
      const fn = call.childForFieldName("function");
      if (!fn || !f.resolver.isName(fn, ...CORS, ...ROUTE_CORS)) continue;
      const kw = f.resolver.callArgs(call).keywords;
      const opts: Value = { kind: "dict", entries: kw, span: spanOf(call) };
      const allow = entry(opts, "allow_origin");
      const origins: OriginEntry[] = allow
        ? originsFrom(allow.value, quartOrigin)
        : [{ kind: "any", source: "default", span: spanOf(fn) }];
      out.push({
        framework: "quart-cors",
        language: "python",
        span: spanOf(call),
        anchor: spanOf(fn),
        origins,
        ...allowStyleSettings((k) => entry(opts, k)?.value),
        options: optionRefs(kw),
        guards: enclosingGuards(call),
        insertAt: argsEnd(call),
      });
    }
    return out;
  },
};

/**
 * `allow_origin` items (a bare string or pattern is one item): `"*"` allows all, other strings are
 * compared with `==`, compiled patterns run with `pattern.match` (anchored at the start only).
 */
function quartOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string") {
    if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, m) }];
    return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, m) }];
  }
  if (v.kind === "regex") {
    return [
      { kind: "regex", pattern: v.pattern, flags: v.flags, engine: "match", ...base(v.span, m) },
    ];
  }
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/**
 * quart_cors `_apply_cors`: `*` with credentials raises ValueError on every response; `*` sends `*`;
 * a matching origin is echoed with `Vary: Origin`; no match sends no CORS header.
 */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any && i.cred) return { acao: null, acac: false, vary: false, error: STAR_CREDENTIALS_ERROR };
  if (any) return { acao: "*", acac: false, vary: false, via: any };
  const via = firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: false };
  return { acao: i.origin, acac: i.cred, vary: true, via };
}

const STAR_CREDENTIALS_ERROR =
  "quart-cors raises ValueError: Cannot allow credentials with wildcard allowed origins";

/** quart-cors (Quart's CORS extension). */
export const quartCorsFramework: FrameworkDescriptor = {
  id: "quart-cors",
  label: "quart-cors",
  language: "python",
  extractor,
  decide,
  options: {
    source: "quart-cors 0.8.0 src/quart_cors/__init__.py cors() and route_cors() keyword arguments",
    names: [
      "allow_credentials",
      "allow_headers",
      "allow_methods",
      "allow_origin",
      "expose_headers",
      "max_age",
      "provide_automatic_options",
    ],
  },
  unknownOption: { effect: "crash", error: "TypeError" },
  fixtures: "quart-cors",
  noOracle: "quart-cors is not packaged in Debian (bookworm ships python3-quart only)",
};
