import type { OriginEntry, Policy } from "../model";
import { entry, type DictEntry, type Value } from "../values";
import { base, dynamic, originsFrom, type AltMeta } from "../extract/origins";
import {
  allowStyleSettings,
  argsEnd,
  fullmatchRegexEntries,
  optionRefs,
} from "../extract/python/common";
import { mentionsModule, type PyExtractor, type PyFile } from "../extract/python";
import type { PyNode } from "../parse/python";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import { anyEntry, NONE } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const MIDDLEWARE = [
  "starlette.middleware.cors.CORSMiddleware",
  "fastapi.middleware.cors.CORSMiddleware",
];
const WRAPPER = ["starlette.middleware.Middleware", "fastapi.middleware.Middleware"];

/**
 * Starlette/FastAPI `CORSMiddleware`, configured through `app.add_middleware(CORSMiddleware, ...)`,
 * `Middleware(CORSMiddleware, ...)` or `CORSMiddleware(app, ...)`.
 */
const extractor: PyExtractor = {
  name: "starlette",
  gate: (text) => mentionsModule(text, "starlette", "fastapi"),
  applies: (f) => f.resolver.importsModule("starlette") || f.resolver.importsModule("fastapi"),
  extract(f) {
    const out: Policy[] = [];
    const r = f.resolver;
    for (const call of f.callsNamed([
      "add_middleware",
      ...r.calleeNames(...MIDDLEWARE, ...WRAPPER),
    ])) {
      const fn = call.childForFieldName("function");
      if (!fn) continue;
      if (r.isName(fn, ...MIDDLEWARE)) {
        // CORSMiddleware(app, ...) wrapping an ASGI app.
        out.push(policy(f, call, fn, r.callArgs(call).keywords));
        continue;
      }
      const isAdd =
        fn.type === "attribute" && fn.childForFieldName("attribute")?.text === "add_middleware";
      if (isAdd || r.isName(fn, ...WRAPPER)) {
        const { positional, keywords } = r.callArgs(call);
        const cls = positional[0] ?? null;
        if (cls && r.isName(cls, ...MIDDLEWARE)) out.push(policy(f, call, cls, keywords));
      }
    }
    return out;
  },
};

function policy(f: PyFile, call: PyNode, anchor: PyNode, kw: DictEntry[]): Policy {
  const opts: Value = { kind: "dict", entries: kw, span: spanOf(call) };
  const origins: OriginEntry[] = [];
  const allow = entry(opts, "allow_origins");
  if (allow) origins.push(...originsFrom(allow.value, starletteOrigin));
  origins.push(...fullmatchRegexEntries(entry(opts, "allow_origin_regex")?.value));
  return {
    framework: "starlette",
    language: "python",
    span: spanOf(call),
    anchor: spanOf(anchor),
    origins,
    ...allowStyleSettings((k) => entry(opts, k)?.value),
    options: optionRefs(kw),
    guards: enclosingGuards(call),
    insertAt: argsEnd(call),
  };
}

/**
 * `allow_origins` items: "*" anywhere in the sequence allows all; other strings match exactly.
 * A bare string instead of a list makes both tests substring tests: `"*" in allow_origins` and
 * `origin in allow_origins`.
 */
function starletteOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string") {
    if (m.inList ? v.value === "*" : v.value.includes("*"))
      return [{ kind: "any", source: "star", ...base(v.span, m) }];
    return [
      {
        kind: "exact",
        value: v.value,
        match: m.inList ? "exact" : "substring",
        ...base(v.span, m),
      },
    ];
  }
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/**
 * starlette/middleware/cors.py: `*` plus credentials reflects on preflights; on simple requests it
 * reflects always (>=1.0) or only when a Cookie is sent (<=0.52).
 */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  const matched = any ?? firstAccepting(i.policy, i.origin);
  if (i.request === "preflight") {
    if (any && !i.cred) return { acao: "*", acac: false, vary: false, via: any };
    return { ...(matched ? { acao: i.origin, via: matched } : NONE), acac: i.cred, vary: true };
  }
  const legacy = i.versions.starlette === "0.x";
  if (any && (legacy ? i.request === "simple-cookie" : i.cred)) {
    return { acao: i.origin, acac: i.cred, vary: true, via: any };
  }
  if (any) return { acao: "*", acac: i.cred, vary: false, via: any };
  if (matched) return { acao: i.origin, acac: i.cred, vary: true, via: matched };
  return { acao: null, acac: i.cred, vary: false };
}

/** Starlette/FastAPI CORSMiddleware. */
export const starletteFramework: FrameworkDescriptor = {
  id: "starlette",
  label: "Starlette/FastAPI CORSMiddleware",
  language: "python",
  extractor,
  decide,
  options: {
    source:
      "Starlette 0.26.1 (Debian bookworm) CORSMiddleware.__init__, plus allow_private_network (newer upstream)",
    names: [
      "allow_origins",
      "allow_methods",
      "allow_headers",
      "allow_credentials",
      "allow_origin_regex",
      "allow_private_network",
      "expose_headers",
      "max_age",
    ],
  },
  unknownOption: { effect: "crash", error: "TypeError" },
  fixtures: "starlette",
};
