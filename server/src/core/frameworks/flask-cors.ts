import type { OptionRef, OriginEntry, Policy, Span } from "../model";
import type { PyNode } from "../parse/python";
import type { DictEntry, Value } from "../values";
import {
  base,
  boolSetting,
  dynamic,
  listSetting,
  numberSetting,
  originsFrom,
  type AltMeta,
} from "../extract/origins";
import {
  argsEnd,
  falseSetting,
  keyword,
  methodName,
  optionRefs,
  receiver,
} from "../extract/python/common";
import { mentionsModule, type PyExtractor, type PyFile } from "../extract/python";
import { subscriptAssignments } from "../extract/python/find";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const CORS = ["flask_cors.CORS", "flask_cors.extension.CORS"];
const CROSS_ORIGIN = ["flask_cors.cross_origin", "flask_cors.decorator.cross_origin"];

/** Characters that make flask-cors read an origin string as a regular expression (`probably_regex`). */
const REGEX_CHARS = /[*\\\]?$^[()]/;

/** An option with the name flask-cors reads it under and the name as written. */
interface Opt {
  entry: DictEntry;
  ref: OptionRef;
}

/** flask-cors: `CORS(app, ...)`, `CORS()` + `cors.init_app(app, ...)`, `@cross_origin(...)`, `app.config["CORS_*"]`. */
const extractor: PyExtractor = {
  name: "flask-cors",
  gate: (text) => mentionsModule(text, "flask_cors"),
  applies: (f) => f.resolver.importsModule("flask_cors"),
  extract(f) {
    const r = f.resolver;
    const out: Policy[] = [];
    let config: Opt[] | undefined;
    const appConfig = (): Opt[] => (config ??= appConfigOptions(f));
    for (const call of f.callsNamed(["init_app", ...r.calleeNames(...CORS, ...CROSS_ORIGIN)])) {
      const fn = call.childForFieldName("function");
      if (!fn) continue;
      if (r.isName(fn, ...CORS)) {
        const { positional, keywords } = r.callArgs(call);
        const appKw = keyword(keywords, "app");
        const hasApp = positional[0]
          ? positional[0].type !== "none"
          : !!appKw && appKw.value.kind !== "null";
        // `CORS()` without an app only stores options; `init_app` applies them.
        if (!hasApp) continue;
        out.push(...policies(f, call, spanOf(fn), withoutApp(keywords), appConfig(), true));
      } else if (methodName(call) === "init_app") {
        const ctor = r.definition(receiver(call));
        const ctorFn = ctor?.type === "call" ? ctor.childForFieldName("function") : undefined;
        if (!ctor || !r.isName(ctorFn, ...CORS)) continue;
        const kw = [
          ...withoutApp(r.callArgs(ctor).keywords),
          ...withoutApp(r.callArgs(call).keywords),
        ];
        out.push(...policies(f, call, spanOf(fn), kw, appConfig(), true));
      } else if (r.isName(fn, ...CROSS_ORIGIN)) {
        out.push(...policies(f, call, spanOf(fn), r.callArgs(call).keywords, appConfig(), false));
      }
    }
    return out;
  },
};

function withoutApp(kw: DictEntry[]): DictEntry[] {
  return kw.filter((k) => k.key !== "app");
}

/** One policy per entry of a `resources` dict, or one for the whole call. */
function policies(
  f: PyFile,
  call: PyNode,
  anchor: Span,
  kw: DictEntry[],
  config: Opt[],
  ext: boolean,
): Policy[] {
  const top: Opt[] = [...config, ...kw.map((e) => ({ entry: e, ref: optionRefs([e])[0] }))];
  const resources = ext ? last(top, "resources")?.entry.value : undefined;
  if (resources?.kind === "dict" && resources.entries.length) {
    return resources.entries.map((res) => {
      const opts = res.value.kind === "dict" ? res.value.entries : [];
      const merged = [...top, ...opts.map((e) => ({ entry: e, ref: optionRefs([e])[0] }))];
      return policy(f, call, res.keySpan, merged);
    });
  }
  return [policy(f, call, anchor, top)];
}

function last(opts: Opt[], name: string): Opt | undefined {
  for (let i = opts.length - 1; i >= 0; i--) if (opts[i].entry.key === name) return opts[i];
  return undefined;
}

function policy(f: PyFile, call: PyNode, anchor: Span, opts: Opt[]): Policy {
  const get = (name: string): Value | undefined => last(opts, name)?.entry.value;
  const originsOpt = get("origins");
  const origins: OriginEntry[] = originsOpt
    ? originsFrom(originsOpt, flaskOrigin)
    : [{ kind: "any", source: "default", span: anchor }];
  const vary = falseSetting(get("vary_header"));
  const sendWildcard = boolSetting(get("send_wildcard"));
  return {
    framework: "flask-cors",
    language: "python",
    span: spanOf(call),
    anchor,
    origins,
    credentials: boolSetting(get("supports_credentials")),
    methods: listSetting(get("methods")),
    allowHeaders: listSetting(get("allow_headers")),
    exposeHeaders: listSetting(get("expose_headers")),
    maxAge: numberSetting(get("max_age")),
    ...(vary ? { vary } : {}),
    ...(sendWildcard ? { sendWildcard } : {}),
    options: opts.map((o) => o.ref),
    guards: enclosingGuards(call),
    insertAt: argsEnd(call),
  };
}

/**
 * One `origins` item: `"*"` allows all (flask-cors turns it into `.*` and reflects), a string holding a
 * regex character is matched with `re.match` ignoring case, other strings compare case-insensitively.
 */
export function flaskOrigin(v: Value, m: AltMeta): OriginEntry[] {
  if (v.kind === "string") {
    if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, m) }];
    if (REGEX_CHARS.test(v.value)) {
      return [
        {
          kind: "regex",
          pattern: v.value,
          flags: "i",
          engine: "match",
          implicit: true,
          ...base(v.span, m),
        },
      ];
    }
    return [{ kind: "exact", value: v.value, match: "exact-ci", ...base(v.span, m) }];
  }
  if (v.kind === "regex")
    return [
      { kind: "regex", pattern: v.pattern, flags: v.flags, engine: "match", ...base(v.span, m) },
    ];
  if (v.kind === "null") return [];
  return [dynamic(v, m)];
}

/**
 * `app.config["CORS_ORIGINS"] = ...`, `app.config.update(CORS_ORIGINS=...)`, `app.config.update({...})`,
 * `app.config.from_mapping(...)`, in source order; values under `if` branches keep their guards.
 */
function appConfigOptions(f: PyFile): Opt[] {
  const found: {
    at: number;
    name: string;
    keySpan: Span;
    value: Value;
    span: Span;
    node: PyNode;
  }[] = [];
  // Found from the text: the assignments of a whole-tree walk whose left side is `<x>.config[...]`.
  for (const a of subscriptAssignments(f.root, f.text, "config")) {
    const left = a?.childForFieldName("left");
    const right = a?.childForFieldName("right");
    if (
      !a ||
      !left ||
      !right ||
      left.type !== "subscript" ||
      !isConfig(left.childForFieldName("value"))
    )
      continue;
    const key = left.childForFieldName("subscript");
    const name = key ? f.resolver.resolve(key) : undefined;
    if (!key || name?.kind !== "string" || !name.value.startsWith("CORS_")) continue;
    const value = f.resolver.resolve(right);
    found.push({
      at: a.startIndex,
      name: name.value,
      keySpan: spanOf(key),
      value,
      span: spanOf(a),
      node: a,
    });
  }
  for (const call of f.callsNamed(["update", "from_mapping"])) {
    const m = methodName(call);
    if ((m !== "update" && m !== "from_mapping") || !isConfig(receiver(call))) continue;
    const { positional, keywords } = f.resolver.callArgs(call);
    const entries = [...keywords];
    for (const p of positional) {
      const v = f.resolver.resolve(p);
      if (v.kind === "dict") entries.push(...v.entries);
    }
    for (const e of entries) {
      if (e.key.startsWith("CORS_"))
        found.push({
          at: e.span.start,
          name: e.key,
          keySpan: e.keySpan,
          value: e.value,
          span: e.span,
          node: call,
        });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return found.map((c) => {
    const guards = enclosingGuards(c.node);
    const value: Value = guards.length
      ? { kind: "choice", options: [{ value: c.value, guards }], span: c.value.span }
      : c.value;
    const entry: DictEntry = {
      key: c.name.slice(5).toLowerCase(),
      keySpan: c.keySpan,
      value,
      span: c.span,
    };
    return { entry, ref: { name: c.name, span: c.keySpan, valueSpan: c.value.span } };
  });
}

function isConfig(n: PyNode | null | undefined): boolean {
  return n?.type === "attribute" && n.childForFieldName("attribute")?.text === "config";
}

/**
 * flask_cors/core.py: `*` becomes the regex `.*`, every match echoes the origin, and `Vary: Origin` is
 * added only with several origins or a regex (and never with `vary_header=False`). `send_wildcard=True`
 * with `*` sends `*` instead; with credentials too, the options raise ValueError.
 */
function decide(i: DecideInput): Decision {
  const origins = i.policy.origins;
  const wildcard = origins.find(
    (e) => e.kind === "any" || (e.kind === "regex" && e.pattern === ".*"),
  );
  if (wildcard && i.policy.sendWildcard?.value) {
    if (i.cred) return { acao: null, acac: false, vary: false, error: WILDCARD_ERROR };
    return { acao: "*", acac: false, vary: false, via: wildcard };
  }
  const via = firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: false };
  const several = origins.length > 1 || origins.some((e) => e.kind === "any" || e.kind === "regex");
  const vary = several && i.policy.vary?.value !== false;
  return { acao: i.origin, acac: i.cred, vary, via };
}

const WILDCARD_ERROR =
  "flask-cors raises ValueError: send_wildcard with '*' cannot be used with supports_credentials";

const OPTIONS = [
  "origins",
  "methods",
  "allow_headers",
  "expose_headers",
  "supports_credentials",
  "max_age",
  "send_wildcard",
  "automatic_options",
  "vary_header",
  "resources",
  "intercept_exceptions",
  "always_send",
  "allow_private_network",
];

/** flask-cors: keyword options and the `app.config` keys (`CORS_` + the option in upper case). */
export const flaskCorsFramework: FrameworkDescriptor = {
  id: "flask-cors",
  label: "flask-cors",
  language: "python",
  extractor,
  decide,
  options: {
    source:
      "flask-cors 3.0.10 core.DEFAULT_OPTIONS and CONFIG_OPTIONS, plus allow_private_network (newer upstream)",
    names: [...OPTIONS, ...OPTIONS.map((o) => `CORS_${o.toUpperCase()}`)],
  },
  unknownOption: { effect: "ignored" },
  fixtures: "flask-cors",
};
