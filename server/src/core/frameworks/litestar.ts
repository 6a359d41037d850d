import type { OriginEntry, Policy } from "../model";
import { entry, type Value } from "../values";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import {
  allowStyleSettings,
  argsEnd,
  fullmatchRegexEntries,
  optionRefs,
} from "../extract/python/common";
import { mentionsModule, type PyExtractor } from "../extract/python";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import { anyEntry, NONE } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const CONFIG = [
  "litestar.config.cors.CORSConfig",
  "litestar.config.CORSConfig",
  "litestar.CORSConfig",
];

/** Litestar `CORSConfig(...)`, passed as `Litestar(cors_config=...)`. */
const extractor: PyExtractor = {
  name: "litestar",
  gate: (text) => mentionsModule(text, "litestar"),
  applies: (f) => f.resolver.importsModule("litestar"),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.callsNamed(f.resolver.calleeNames(...CONFIG))) {
      const fn = call.childForFieldName("function");
      if (!fn || !f.resolver.isName(fn, ...CONFIG)) continue;
      const kw = f.resolver.callArgs(call).keywords;
      const opts: Value = { kind: "dict", entries: kw, span: spanOf(call) };
      const allow = entry(opts, "allow_origins");
      const origins: OriginEntry[] = allow
        ? originsFrom(allow.value, litestarOrigin)
        : [{ kind: "any", source: "default", span: spanOf(fn) }];
      origins.push(...fullmatchRegexEntries(entry(opts, "allow_origin_regex")?.value));
      out.push({
        framework: "litestar",
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
 * `allow_origins` items: `"*"` allows all, a string holding `*` is a glob (`*` -> `.*`, the rest escaped,
 * full match), other strings match exactly. A bare string is searched for `"*"` like a list.
 */
function litestarOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string") {
    if (v.value === "*" || (!m.inList && v.value.includes("*")))
      return [{ kind: "any", source: "star", ...base(v.span, m) }];
    if (v.value.includes("*"))
      return [{ kind: "regex", pattern: v.value, flags: "", engine: "glob", ...base(v.span, m) }];
    return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, m) }];
  }
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/** Litestar CORSMiddleware: allow-all answers preflights with `*` and echoes on simple requests with cookies. */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) {
    const echo = i.request === "simple-cookie";
    return { acao: echo ? i.origin : "*", acac: i.cred, vary: echo, via: any };
  }
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/** Litestar `CORSConfig`. */
export const litestarFramework: FrameworkDescriptor = {
  id: "litestar",
  label: "Litestar CORSConfig",
  language: "python",
  extractor,
  decide,
  options: {
    source: "Litestar 2.x litestar.config.cors.CORSConfig dataclass fields",
    names: [
      "allow_origins",
      "allow_methods",
      "allow_headers",
      "allow_credentials",
      "allow_origin_regex",
      "expose_headers",
      "max_age",
    ],
  },
  unknownOption: { effect: "crash", error: "TypeError" },
  fixtures: "litestar",
  noOracle: "Litestar is not packaged in Debian and the oracle installs nothing else for Python",
};
