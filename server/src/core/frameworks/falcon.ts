import type { OriginEntry, Policy, Span } from "../model";
import type { PyNode } from "../parse/python";
import { alternatives, entry, type DictEntry, type Value } from "../values";
import { base, dynamic, listSetting, originsFrom, type AltMeta } from "../extract/origins";
import { argsEnd, keyword, optionRefs } from "../extract/python/common";
import { mentionsModule, type PyExtractor, type PyFile } from "../extract/python";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import { anyEntry } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const MIDDLEWARE = ["falcon.CORSMiddleware", "falcon.middleware.CORSMiddleware"];
const APP = [
  "falcon.App",
  "falcon.API",
  "falcon.asgi.App",
  "falcon.app.App",
  "falcon.asgi.app.App",
];

/**
 * Falcon `CORSMiddleware(allow_origins=..., allow_credentials=...)` and `falcon.App(cors_enable=True)`.
 * `allow_credentials` is itself an origin list, so a middleware becomes up to two policies: the origins
 * answered with credentials and those answered without.
 */
const extractor: PyExtractor = {
  name: "falcon",
  gate: (text) => mentionsModule(text, "falcon"),
  applies: (f) => f.resolver.importsModule("falcon"),
  extract(f) {
    const r = f.resolver;
    const out: Policy[] = [];
    for (const call of f.callsNamed(r.calleeNames(...MIDDLEWARE, ...APP))) {
      const fn = call.childForFieldName("function");
      if (!fn) continue;
      if (r.isName(fn, ...MIDDLEWARE)) out.push(...middleware(f, call, fn));
      else if (r.isName(fn, ...APP)) {
        const enable = keyword(r.callArgs(call).keywords, "cors_enable");
        const on =
          enable &&
          alternatives(enable.value).find((a) => a.value.kind === "bool" && a.value.value);
        if (!enable || !on) continue;
        const m: AltMeta = {
          guards: on.guards.length ? on.guards : undefined,
          envVar: on.envVar,
          inList: false,
        };
        out.push({
          // `cors_enable` is an App argument, not a middleware option: nothing to report as unknown.
          ...common(call, spanOf(fn), []),
          origins: [{ kind: "any", source: "setting", ...base(on.value.span, m) }],
          insertAt: undefined,
        });
      }
    }
    return out;
  },
};

function common(call: PyNode, anchor: Span, opts: DictEntry[]): Policy {
  return {
    framework: "falcon",
    language: "python",
    span: spanOf(call),
    anchor,
    origins: [],
    // Falcon never adds `Vary: Origin`.
    vary: { value: false, span: anchor },
    options: optionRefs(opts),
    guards: enclosingGuards(call),
    insertAt: argsEnd(call),
  };
}

function middleware(f: PyFile, call: PyNode, fn: PyNode): Policy[] {
  const { positional, keywords } = f.resolver.callArgs(call);
  const opts: Value = { kind: "dict", entries: keywords, span: spanOf(call) };
  const allowNode = positional[0];
  const allow = allowNode ? f.resolver.resolve(allowNode) : entry(opts, "allow_origins")?.value;
  const origins: OriginEntry[] = allow
    ? originsFrom(allow, falconOrigin)
    : [{ kind: "any", source: "default", span: spanOf(fn) }];
  const credNode = positional[2];
  const creds = credNode ? f.resolver.resolve(credNode) : entry(opts, "allow_credentials")?.value;
  const exposeNode = positional[1];
  const expose = exposeNode ? f.resolver.resolve(exposeNode) : entry(opts, "expose_headers")?.value;
  const shared = { ...common(call, spanOf(fn), keywords), exposeHeaders: listSetting(expose) };
  const credAlts = creds ? alternatives(creds).filter((a) => a.value.kind !== "null") : [];
  if (!creds || !credAlts.length) return [{ ...shared, origins }];
  const star = credAlts.find((a) => a.value.kind === "string" && a.value.value === "*");
  if (star) {
    // `allow_credentials='*'`: every allowed origin is answered with itself and credentials.
    return [{ ...shared, origins, credentials: { value: true, span: star.value.span } }];
  }
  const credOrigins = originsFrom(creds, falconOrigin).filter(
    (o) => o.kind === "exact" || o.kind === "dynamic",
  );
  const credValues = new Set(credOrigins.map((o) => (o.kind === "exact" ? o.value : "")));
  const allowsAll = origins.some((o) => o.kind === "any");
  // A '*' in the credentials list makes the constructor raise: kept so evaluate() reports it.
  const listStar = credOrigins.filter((o) => o.kind === "exact" && o.value === "*");
  const withCreds = allowsAll
    ? credOrigins
    : [...origins.filter((o) => o.kind === "exact" && credValues.has(o.value)), ...listStar];
  const without = origins.filter((o) => !(o.kind === "exact" && credValues.has(o.value)));
  const out: Policy[] = [];
  if (without.length)
    out.push({ ...shared, origins: without, credentials: { value: false, span: creds.span } });
  if (withCreds.length)
    out.push({ ...shared, origins: withCreds, credentials: { value: true, span: creds.span } });
  return out;
}

/**
 * `allow_origins`: the string `'*'` allows every origin; other strings and list items match exactly
 * (a `'*'` inside a list makes the constructor raise: it is kept as an exact `'*'`, which evaluate()
 * answers with that error).
 */
function falconOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string") {
    if (v.value === "*" && !m.inList) return [{ kind: "any", source: "star", ...base(v.span, m) }];
    return [{ kind: "exact", value: v.value, match: "exact", ...base(v.span, m) }];
  }
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/**
 * falcon/middleware.py: `'*'` sends `*` unless credentials are allowed for the origin; no Vary. A `'*'`
 * inside a list (of origins or of credential origins) makes the constructor raise ValueError: the app
 * never starts.
 */
function decide(i: DecideInput): Decision {
  const listStar = i.policy.origins.find((e) => e.kind === "exact" && e.value === "*" && !e.guards);
  if (listStar) return { acao: null, acac: false, vary: false, error: LIST_STAR_ERROR };
  const any = anyEntry(i);
  const via = any ?? firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: false };
  return { acao: any && !i.cred ? "*" : i.origin, acac: i.cred, vary: false, via };
}

const LIST_STAR_ERROR =
  "Falcon raises ValueError: '*' may only be passed as a string, not inside a list";

/** Falcon CORSMiddleware and `falcon.App(cors_enable=True)`. */
export const falconFramework: FrameworkDescriptor = {
  id: "falcon",
  label: "Falcon CORSMiddleware",
  language: "python",
  extractor,
  decide,
  options: {
    source: "Falcon 3.1.1 CORSMiddleware.__init__, plus allow_private_network (Falcon 4)",
    names: ["allow_origins", "expose_headers", "allow_credentials", "allow_private_network"],
  },
  unknownOption: { effect: "crash", error: "TypeError" },
  fixtures: "falcon",
};
