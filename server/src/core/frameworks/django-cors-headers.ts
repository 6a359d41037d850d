import { conditionKind } from "../context";
import type { OriginEntry } from "../model";
import type { PyNode } from "../parse/python";
import { alternatives, type Value } from "../values";
import {
  base,
  boolSetting,
  dynamic,
  listSetting,
  numberSetting,
  originsFrom,
  type AltMeta,
} from "../extract/origins";
import type { PyExtractor, PyFile } from "../extract/python";
import type { Binding } from "../extract/python/resolver";
import { spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import { anyEntry } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const ORIGINS = ["CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"];
const REGEXES = ["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"];
const ALLOW_ALL = ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"];

/** Every setting django-cors-headers reads (3.x and 4.x), new names before the old ones they replace. */
export const DJANGO_CORS_SETTINGS = [
  ...ORIGINS,
  ...REGEXES,
  ...ALLOW_ALL,
  "CORS_ALLOW_CREDENTIALS",
  "CORS_ALLOW_METHODS",
  "CORS_ALLOW_HEADERS",
  "CORS_EXPOSE_HEADERS",
  "CORS_PREFLIGHT_MAX_AGE",
  "CORS_URLS_REGEX",
  "CORS_ALLOW_PRIVATE_NETWORK",
  "CORS_REPLACE_HTTPS_REFERER",
];

/** Modules whose import means the `CORS_*` names belong to some other library's configuration. */
const OTHER_CORS = [
  "flask_cors",
  "flask",
  "quart",
  "quart_cors",
  "sanic",
  "starlette",
  "fastapi",
  "aiohttp_cors",
  "falcon",
  "litestar",
];
const DJANGO_MARKERS = [
  "INSTALLED_APPS",
  "MIDDLEWARE",
  "ROOT_URLCONF",
  "ALLOWED_HOSTS",
  "DATABASES",
];

/**
 * django-cors-headers settings modules: module-level `CORS_*` names, combined into one policy per module.
 * A module counts when it installs `corsheaders`, or when it sets a known `CORS_*` name (or any `CORS_*`
 * name next to Django settings) without importing another CORS library.
 */
const extractor: PyExtractor = {
  name: "django-cors-headers",
  // `applies` needs a module-level name starting with `CORS_` (an identifier, so a whole word).
  gate: (text) => /(?<![\w.])CORS_/.test(text),
  applies(f) {
    const names = corsNames(f);
    if (!names.length) return false;
    if (/["']corsheaders(\.[\w.]+)?["']/.test(f.text)) return true;
    if (OTHER_CORS.some((m) => f.resolver.importsModule(m))) return false;
    return names.some((n) => DJANGO_CORS_SETTINGS.includes(n)) || isDjangoSettings(f);
  },
  extract(f) {
    const r = f.resolver;
    const bindings = corsNames(f)
      .flatMap((n) => r.bindings(n))
      .sort((a, b) => a.target.startIndex - b.target.startIndex);
    if (!bindings.length) return [];
    const value = (names: string[]): Value | undefined => {
      const name = names.find((n) => r.bindings(n).length);
      if (name) return r.constant(name);
      // Split settings: `from .base import *` brings the rest of the policy.
      for (const n of names) {
        const v = r.inherited(n);
        if (v) return v;
      }
      return undefined;
    };
    const origins: OriginEntry[] = [];
    const allowAll = value(ALLOW_ALL);
    if (allowAll) origins.push(...allowAllEntries(allowAll));
    const list = value(ORIGINS);
    if (list) origins.push(...originsFrom(list, djangoOrigin));
    const regexes = value(REGEXES);
    if (regexes) origins.push(...originsFrom(regexes, djangoRegex));
    const first = bindings[0].target;
    const stmt = (b: Binding): PyNode => b.target.parent ?? b.target;
    return [
      {
        framework: "django-cors-headers",
        language: "python",
        span: {
          start: stmt(bindings[0]).startIndex,
          end: Math.max(...bindings.map((b) => stmt(b).endIndex)),
        },
        anchor: spanOf(first),
        origins,
        credentials: boolSetting(value(["CORS_ALLOW_CREDENTIALS"])),
        methods: listSetting(value(["CORS_ALLOW_METHODS"])),
        allowHeaders: listSetting(value(["CORS_ALLOW_HEADERS"])),
        exposeHeaders: listSetting(value(["CORS_EXPOSE_HEADERS"])),
        maxAge: numberSetting(value(["CORS_PREFLIGHT_MAX_AGE"])),
        // The middleware adds `Vary: Origin` to every response it handles.
        vary: { value: true, span: spanOf(first) },
        options: bindings.map((b) => ({
          name: b.target.text,
          span: spanOf(b.target),
          valueSpan: spanOf(b.node),
        })),
        guards: [],
      },
    ];
  },
};

function corsNames(f: PyFile): string[] {
  return f.resolver.moduleNames().filter((n) => n.startsWith("CORS_"));
}

function isDjangoSettings(f: PyFile): boolean {
  if (f.resolver.importsModule("django")) return true;
  if (DJANGO_MARKERS.some((n) => f.resolver.bindings(n).length)) return true;
  // `from .base import *`, the usual first line of settings/dev.py.
  return f.root.namedChildren.some(
    (s) => s?.type === "import_from_statement" && s.descendantsOfType("wildcard_import").length > 0,
  );
}

/** `CORS_ALLOWED_ORIGINS` items: scheme and netloc compared; a `"*"` is a URL like any other (it matches `null`). */
function djangoOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string")
    return [{ kind: "exact", value: v.value, match: "scheme-host", ...base(v.span, m) }];
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/** `CORS_ALLOW_ALL_ORIGINS`: True allows all; `= DEBUG` allows all under that condition. */
function allowAllEntries(v: Value): OriginEntry[] {
  const out: OriginEntry[] = [];
  for (const a of alternatives(v)) {
    const m: AltMeta = {
      guards: a.guards.length ? a.guards : undefined,
      envVar: a.envVar,
      inList: false,
    };
    const x = a.value;
    if (x.kind === "bool") {
      if (x.value) out.push({ kind: "any", source: "setting", ...base(x.span, m) });
    } else if (x.kind === "unknown" && conditionKind(x.text)) {
      const guard = { condition: x.text, whenTrue: true, span: x.span };
      out.push({
        kind: "any",
        source: "setting",
        ...base(x.span, { ...m, guards: [...(m.guards ?? []), guard] }),
      });
    } else if (x.kind !== "null") out.push(dynamic(x, m));
  }
  return out;
}

/** `CORS_ALLOWED_ORIGIN_REGEXES` items run through `re.match` (anchored at the start only). */
function djangoRegex(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string")
    return [{ kind: "regex", pattern: v.value, flags: "", engine: "match", ...base(v.span, m) }];
  if (v.kind === "regex")
    return [
      { kind: "regex", pattern: v.pattern, flags: v.flags, engine: "match", ...base(v.span, m) },
    ];
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/** corsheaders/middleware.py: always `Vary: Origin`; allow-all sends `*` only without credentials. */
function decide(i: DecideInput): Decision {
  const any = anyEntry(i);
  const via = any ?? firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: i.cred, vary: true };
  return { acao: any && !i.cred ? "*" : i.origin, acac: i.cred, vary: true, via };
}

/** django-cors-headers: `CORS_*` settings in a settings module. */
export const djangoCorsHeadersFramework: FrameworkDescriptor = {
  id: "django-cors-headers",
  label: "django-cors-headers",
  language: "python",
  extractor,
  decide,
  options: {
    source:
      "django-cors-headers 3.14.0 conf.Settings and checks (CORS_REPLACE_HTTPS_REFERER: removed in 4.0), CORS_ALLOW_PRIVATE_NETWORK, and the old names conf.py still falls back to",
    names: [
      "CORS_ALLOWED_ORIGINS",
      "CORS_ALLOWED_ORIGIN_REGEXES",
      "CORS_ALLOW_ALL_ORIGINS",
      "CORS_ALLOW_CREDENTIALS",
      "CORS_ALLOW_HEADERS",
      "CORS_ALLOW_METHODS",
      "CORS_ALLOW_PRIVATE_NETWORK",
      "CORS_EXPOSE_HEADERS",
      "CORS_PREFLIGHT_MAX_AGE",
      "CORS_URLS_REGEX",
      "CORS_REPLACE_HTTPS_REFERER",
      "CORS_ORIGIN_ALLOW_ALL",
      "CORS_ORIGIN_WHITELIST",
      "CORS_ORIGIN_REGEX_WHITELIST",
    ],
  },
  unknownOption: { effect: "ignored" },
  isCandidateOption: (name) => name.startsWith("CORS_"),
  fixtures: "django",
};
