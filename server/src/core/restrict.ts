/**
 * "Restrict Origins": the edit that replaces a configuration's wildcard and reflecting origin entries
 * with an explicit list of origins, for every framework the extractors read, or the precise reason it
 * cannot. One operation for the editor command, the quick-fix menu and `cors-lint --restrict-origins`.
 * Sits below the rules: it reads policies and text, never a rule context.
 */
import { literal } from "./fixes";
import type { Edit, Framework, OptionRef, OriginEntry, Policy, Span } from "./model";
import { FRAMEWORK_LABELS } from "./frameworks";
import { parseOrigin } from "./origin-syntax";

/** Either the edits (one or more, non-overlapping, sorted) or why there are none. */
export type RestrictResult =
  | { ok: true; policy: Policy; edits: Edit[]; entries: number }
  | { ok: false; policy?: Policy; reason: string };

/** Frameworks whose origin setting holds one origin (a header value, @koa/cors's `origin` string). */
const SINGLE_ORIGIN = new Set<Framework>([
  "python-headers",
  "js-headers",
  "nextjs-headers",
  "koa-cors",
]);

/** Frameworks that read a bare string differently from a list (Starlette: substring test). */
const LIST_ONLY = new Set<Framework>([
  "starlette",
  "litestar",
  "django-cors-headers",
  "flask-cors",
  "falcon",
]);

/** The keyword that lists origins when a Python configuration relies on its default. */
const PY_ORIGINS_OPTION: Partial<Record<Framework, string>> = {
  starlette: "allow_origins",
  "flask-cors": "origins",
  litestar: "allow_origins",
  falcon: "allow_origins",
};

/**
 * Why an origin typed by the user is not one a browser sends (`scheme://host[:port]`, lowercase, no
 * path), or undefined when it is. `https://*.example.com` is not an origin.
 */
export function originError(origin: string): string | undefined {
  const info = parseOrigin(origin);
  if (info.isNull) return `"null" is not an origin to allow (sandboxed pages and files send it)`;
  if (!info.parts || info.problems.length || !info.parts.scheme) {
    const what = info.problems.length ? ` (${info.problems.join(", ")})` : "";
    return `"${origin}" is not an origin${what}: expected scheme://host[:port] in lowercase, no path`;
  }
  return undefined;
}

/** The entries "Restrict Origins" replaces: any origin, and the request's origin echoed back. */
export function restrictableEntries(policy: Policy): OriginEntry[] {
  return policy.origins.filter((o) => o.kind === "any" || o.kind === "reflect");
}

/**
 * The configuration "Restrict Origins" acts on at `offset`: the innermost one whose text (or one of
 * its option values) holds the offset, else the nearest one with a wildcard or reflecting entry.
 */
export function restrictTarget(
  policies: readonly Policy[],
  offset: number,
): { policy: Policy } | { reason: string } {
  const hits = policies
    .filter((p) => spansOf(p).some((s) => s.start <= offset && offset <= s.end))
    .sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  if (hits.length) return { policy: hits.find((p) => restrictableEntries(p).length) ?? hits[0] };
  const open = policies.filter((p) => restrictableEntries(p).length);
  if (!open.length) {
    return {
      reason: policies.length
        ? `none of the ${policies.length} CORS configuration${policies.length === 1 ? "" : "s"} in this file allows every origin or echoes the request's origin`
        : "no CORS configuration found in this file",
    };
  }
  const distance = (p: Policy): number =>
    offset < p.span.start ? p.span.start - offset : Math.max(0, offset - p.span.end);
  return { policy: [...open].sort((a, b) => distance(a) - distance(b))[0] };
}

/** Restricts the configuration at `offset` (see restrictTarget) to `origins`. */
export function restrictOriginsAt(
  text: string,
  policies: readonly Policy[],
  offset: number,
  origins: string[],
): RestrictResult {
  const target = restrictTarget(policies, offset);
  if ("reason" in target) return { ok: false, reason: target.reason };
  return restrictOrigins(text, target.policy, origins);
}

/**
 * The edits that make `policy` allow exactly `origins` where it now allows any origin or echoes the
 * request's. All entries or none: when one cannot be edited, the reason names it.
 */
export function restrictOrigins(text: string, policy: Policy, origins: string[]): RestrictResult {
  const label = FRAMEWORK_LABELS[policy.framework];
  if (!origins.length) return { ok: false, policy, reason: "no origins given" };
  const bad = origins.map(originError).find(Boolean);
  if (bad) return { ok: false, policy, reason: bad };
  const entries = restrictableEntries(policy);
  if (!entries.length) {
    return {
      ok: false,
      policy,
      reason: `this ${label} configuration neither allows every origin nor echoes the request's origin`,
    };
  }
  if (origins.length > 1 && SINGLE_ORIGIN.has(policy.framework) && !entries.every(isEcho)) {
    return {
      ok: false,
      policy,
      reason:
        policy.framework === "koa-cors"
          ? "@koa/cors's origin option holds one origin (a string) or a function: give one origin, or check ctx.get('Origin') against your list in a function"
          : "an Access-Control-Allow-Origin header holds one origin: give one origin, or check the request's Origin against your list in code",
    };
  }
  const edits: Edit[] = [];
  for (const o of entries) {
    const r = entryEdit(text, policy, o, origins);
    if (typeof r === "string") {
      return { ok: false, policy, reason: `${r} (${label}, line ${lineOf(text, o.span.start)})` };
    }
    if (!edits.some((e) => e.start === r.start && e.end === r.end)) edits.push(r);
  }
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].start < edits[i - 1].end)
      return { ok: false, policy, reason: "two entries overlap; edit this configuration by hand" };
  }
  return { ok: true, policy, edits, entries: entries.length };
}

function isEcho(o: OriginEntry): boolean {
  return o.kind === "reflect" && o.reason === "echo-header";
}

/** One entry's edit, or why it cannot be edited. */
function entryEdit(text: string, policy: Policy, o: OriginEntry, origins: string[]): Edit | string {
  const src = text.slice(o.span.start, o.span.end);
  const py = policy.language === "python";
  if (o.envVar) return envDefaultEdit(text, policy, o, origins);
  if (isAnchorEntry(policy, o)) return insertOrigins(text, policy, origins);
  if (o.kind === "any" && o.source === "setting") return settingEdit(text, policy, o, origins);
  if (policy.framework === "aiohttp-cors") return aiohttpEdit(text, o, origins);
  if (isEcho(o)) return echoEdit(text, policy, o, origins);
  if (/^\s*(async\s+)?(function\s+[\w$]+|def\s+\w+|class\s)/.test(src)) {
    return `the origin check is a named function (${/(?:function|def)\s+([\w$]+)/.exec(src)?.[1] ?? "declared elsewhere"}) that other code may call: replace its use in the configuration by hand`;
  }
  const stringish = /^[rRbBuUfF]*['"`]/.test(src);
  const simple = stringish || /^(true|True)$/.test(src) || isFunctionLiteral(src);
  if (!simple) return `the origins are computed (${shorten(src)}); replace that expression by hand`;
  const q = quoteFor(text, o.span, policy);
  if (stringish && isListItem(text, o.span)) {
    return { ...o.span, newText: origins.map((x) => literal(x, q)).join(", ") };
  }
  const asList = origins.length > 1 || LIST_ONLY.has(policy.framework);
  if (!asList) return { ...o.span, newText: literal(origins[0], q) };
  if (py && /^\s*[(]/.test(text.slice(o.span.end)) && !stringish)
    return "the origin option is called; replace it by hand";
  return { ...o.span, newText: list(origins, q) };
}

/**
 * The wildcard is an environment variable's default (`os.getenv("ORIGINS", "*").split(",")`,
 * `process.env.ORIGIN || "*"`): the default becomes the origins, in the form the code reads it; the
 * variable still wins where it is set.
 */
function envDefaultEdit(
  text: string,
  policy: Policy,
  o: OriginEntry,
  origins: string[],
): Edit | string {
  const src = text.slice(o.span.start, o.span.end);
  const byHand = `the wildcard is the default of the environment variable ${o.envVar}: set ${o.envVar} where the app runs, or change that default by hand`;
  if (!/^['"`][^'"`]*['"`]$/.test(src)) return byHand;
  const q = src[0] === "`" ? "'" : src[0];
  const split = /^\s*\)\s*\.split\(\s*(['"])([^'"]+)\1\s*\)/.exec(text.slice(o.span.end));
  if (split) return { ...o.span, newText: literal(origins.join(split[2]), q) };
  const starlette = policy.framework === "starlette" && policy.language === "python";
  if (origins.length === 1 && !starlette) return { ...o.span, newText: literal(origins[0], q) };
  const jsDefault = /(\|\||\?\?)\s*$/.test(
    text.slice(Math.max(0, o.span.start - 10), o.span.start),
  );
  if (jsDefault && !SINGLE_ORIGIN.has(policy.framework))
    return { ...o.span, newText: origins.length === 1 ? literal(origins[0], q) : list(origins, q) };
  return byHand;
}

/** An entry that stands for a framework default (it sits on the configuration's anchor). */
function isAnchorEntry(policy: Policy, o: OriginEntry): boolean {
  return o.span.start === policy.anchor.start && o.span.end === policy.anchor.end;
}

/** `cors()` -> `cors({ origin: [...] })`, `CORS(app)` -> `CORS(app, origins=[...])`. */
function insertOrigins(text: string, policy: Policy, origins: string[]): Edit | string {
  const at = policy.insertAt;
  const label = FRAMEWORK_LABELS[policy.framework];
  if (at === undefined) return `${label} takes its origins from a default this tool cannot extend`;
  const q = quoteFor(text, policy.span, policy);
  const value = SINGLE_ORIGIN.has(policy.framework) ? literal(origins[0], q) : list(origins, q);
  let option: string;
  if (policy.language === "python") {
    const key = PY_ORIGINS_OPTION[policy.framework];
    if (!key) return `${label} has no origins keyword to add here`;
    option = `${key}=${value}`;
  } else {
    const inCall = text.slice(0, at).trimEnd().endsWith("(");
    option = inCall ? `{ origin: ${value} }` : `origin: ${value}`;
  }
  return insertAt(text, at, option);
}

/** Adds `option` before the closing bracket at `at`, with a comma when the list is not empty. */
function insertAt(text: string, at: number, option: string): Edit {
  const before = text.slice(0, at);
  const trimmed = before.trimEnd();
  const opener = trimmed.endsWith("(") || trimmed.endsWith("{");
  const comma = trimmed.endsWith(",");
  if (/\n[ \t]*$/.test(before)) {
    const indent = /\n([ \t]*)[^\n]*\n[ \t]*$/.exec(before)?.[1] ?? "    ";
    const sep = opener || comma ? "" : ",";
    return { start: trimmed.length, end: trimmed.length, newText: `${sep}\n${indent}${option},` };
  }
  const sep = opener ? "" : comma ? " " : ", ";
  return { start: trimmed.length, end: trimmed.length, newText: `${sep}${option}` };
}

/** The django allow-all settings' replacements, old names kept with old names. */
const DJANGO_LIST_SETTING: Record<string, string> = {
  CORS_ALLOW_ALL_ORIGINS: "CORS_ALLOWED_ORIGINS",
  CORS_ORIGIN_ALLOW_ALL: "CORS_ORIGIN_WHITELIST",
};

/** An allow-all switch: django `CORS_ALLOW_ALL_ORIGINS = True`, Nest `{ cors: true }`, Falcon `cors_enable=True`. */
function settingEdit(
  text: string,
  policy: Policy,
  o: OriginEntry,
  origins: string[],
): Edit | string {
  const src = text.slice(o.span.start, o.span.end);
  const opt = optionOf(policy, o);
  if (policy.framework === "django-cors-headers") {
    if (!opt || !DJANGO_LIST_SETTING[opt.name])
      return "the allow-all setting is not a plain assignment";
    const between = text.slice(opt.span.end, o.span.start);
    const existing = policy.options.find((x) =>
      Object.values(DJANGO_LIST_SETTING).includes(x.name),
    );
    if (existing) {
      return `${opt.name} = ${src} overrides ${existing.name}: set ${opt.name} to False (or delete it) and list the origins in ${existing.name}`;
    }
    if (!/^\s*(:\s*bool\s*)?=\s*$/.test(between) || src !== "True")
      return `${opt.name} is not set to a literal True; edit it by hand`;
    const value = list(origins, '"');
    return {
      start: opt.span.start,
      end: o.span.end,
      newText: `${DJANGO_LIST_SETTING[opt.name]} = ${value}`,
    };
  }
  if (policy.framework === "falcon") {
    const key = /cors_enable\s*=\s*$/.exec(
      text.slice(Math.max(0, o.span.start - 40), o.span.start),
    );
    if (!key || src !== "True")
      return "Falcon's cors_enable is not a literal True; edit it by hand";
    const anchor = text.slice(policy.anchor.start, policy.anchor.end);
    const module = /^([\w.]+)\.App$/.exec(anchor)?.[1];
    if (!module)
      return "falcon.App is imported under another name: add falcon.CORSMiddleware(allow_origins=[...]) to its middleware by hand";
    if (/\bmiddleware\s*=/.test(text.slice(policy.span.start, policy.span.end)))
      return "this falcon.App already has middleware: add CORSMiddleware(allow_origins=[...]) to it and remove cors_enable by hand";
    return {
      start: o.span.start - key[0].length,
      end: o.span.end,
      newText: `middleware=[${module}.CORSMiddleware(allow_origins=${list(origins, '"')})]`,
    };
  }
  if (policy.language === "typescript" && src === "true") {
    const q = quoteFor(text, o.span, policy);
    return {
      ...o.span,
      newText: `{ origin: ${origins.length > 1 ? list(origins, q) : literal(origins[0], q)} }`,
    };
  }
  return `${FRAMEWORK_LABELS[policy.framework]} allows every origin through a setting this tool cannot rewrite (${shorten(src)})`;
}

/** aiohttp-cors: origins are the keys of `defaults={"*": ResourceOptions(...)}`; each gets a copy. */
function aiohttpEdit(text: string, o: OriginEntry, origins: string[]): Edit | string {
  const src = text.slice(o.span.start, o.span.end);
  if (!/^['"]\*['"]$/.test(src))
    return `the wildcard is written as ${shorten(src)}; edit it by hand`;
  const q = src[0];
  if (origins.length === 1) return { ...o.span, newText: literal(origins[0], q) };
  const colon = /^\s*:\s*/.exec(text.slice(o.span.end));
  if (!colon) return "the wildcard key has no value next to it; edit it by hand";
  const valueStart = o.span.end + colon[0].length;
  const valueEnd = expressionEnd(text, valueStart);
  if (valueEnd === undefined)
    return "the wildcard's options could not be delimited; edit them by hand";
  const value = text.slice(valueStart, valueEnd);
  return {
    start: o.span.start,
    end: valueEnd,
    newText: origins.map((x) => `${literal(x, q)}: ${value}`).join(", "),
  };
}

/**
 * A hand-written header copying the request's Origin: one origin replaces the copy; several become a
 * check that sends the request's origin when it is listed and the first origin otherwise.
 */
function echoEdit(text: string, policy: Policy, o: OriginEntry, origins: string[]): Edit | string {
  const x = text.slice(o.span.start, o.span.end);
  const q = quoteFor(text, o.span, policy);
  if (origins.length === 1) return { ...o.span, newText: literal(origins[0], q) };
  if (/\n/.test(x) || x.length > 120)
    return "the echoed origin is a long expression; check it against your list by hand";
  const lits = origins.map((v) => literal(v, q));
  const newText =
    policy.language === "python"
      ? `(${x} if ${x} in (${lits.join(", ")}) else ${lits[0]})`
      : `(${lits.map((l) => `${x} === ${l}`).join(" || ")} ? ${x} : ${lits[0]})`;
  return { ...o.span, newText };
}

/** The option whose value holds an entry. */
function optionOf(policy: Policy, o: OriginEntry): OptionRef | undefined {
  return policy.options.find(
    (x) => x.valueSpan && x.valueSpan.start <= o.span.start && o.span.end <= x.valueSpan.end,
  );
}

/** Where an expression starting at `start` ends: the first `,` `}` `)` `]` at depth 0, outside strings. */
function expressionEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) {
      if (depth === 0) return trimEnd(text, start, i);
      depth--;
    } else if (c === "," && depth === 0) return trimEnd(text, start, i);
  }
  return undefined;
}

function trimEnd(text: string, start: number, end: number): number {
  return start + text.slice(start, end).trimEnd().length;
}

function isFunctionLiteral(src: string): boolean {
  return (
    /^(async\s*)?(\([^)]*\)|[\w$]+)\s*=>/.test(src) ||
    /^(async\s+)?function\s*\(/.test(src) ||
    /^lambda\b/.test(src)
  );
}

/** Whether `span` is one item of a list, tuple, set or array literal. */
function isListItem(text: string, span: Span): boolean {
  const before = /[[(,{]\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  const after = /^\s*[\]),}]/.test(text.slice(span.end, span.end + 200));
  const call = /[\w$)\]]\s*\(\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  return before && after && !call;
}

/** The quote to write strings with: the entry's own, else the one the file uses most. */
function quoteFor(text: string, span: Span, policy: Policy): string {
  const own = /^[rRbBuUfF]*(['"])/.exec(text.slice(span.start, span.start + 4));
  if (own) return own[1];
  if (policy.language === "python") return '"';
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return single > double ? "'" : '"';
}

function list(origins: string[], q: string): string {
  return "[" + origins.map((o) => literal(o, q)).join(", ") + "]";
}

function spansOf(p: Policy): Span[] {
  return [
    p.span,
    ...p.origins.map((o) => o.span),
    ...p.options.flatMap((o) => (o.valueSpan ? [o.span, o.valueSpan] : [o.span])),
  ];
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 40 ? one.slice(0, 37) + "..." : one;
}

/** Hosts of tunnels and cloud dev environments: a developer's machine, never a production origin. */
const TUNNEL_SUFFIXES = [
  "ngrok.io",
  "ngrok-free.app",
  "ngrok.app",
  "ngrok.dev",
  "devtunnels.ms",
  "loca.lt",
  "localtunnel.me",
  "trycloudflare.com",
  "localhost.run",
  "lhr.life",
  "serveo.net",
  "pagekite.me",
  "tunnelmole.net",
  "app.github.dev",
  "preview.app.github.dev",
  "gitpod.io",
  "ws-eu.gitpod.io",
];

/** Whether a lowercase host is a tunnel or a cloud development environment. */
export function isTunnelHost(host: string): boolean {
  return TUNNEL_SUFFIXES.some((s) => host === s || host.endsWith("." + s));
}

/** Origins to offer: what to pre-fill (all valid) and the other valid origins the project uses. */
export interface OriginSuggestion {
  prefill: string[];
  used: string[];
}

/**
 * Suggestions from the configured production origins and the exact origins of the project's own
 * configurations: only valid origins, never tunnels; pre-filled are the production origins and the
 * deployed-looking ones (https, public host) of production configurations.
 */
export function suggestOrigins(
  productionOrigins: readonly string[],
  policies: readonly (Policy & { context?: { kind: string } })[],
): OriginSuggestion {
  const prefill = new Set(productionOrigins.filter((o) => !originError(o)));
  const used = new Set<string>();
  for (const p of policies) {
    for (const o of p.origins) {
      if (o.kind !== "exact" || originError(o.value)) continue;
      const info = parseOrigin(o.value);
      const host = info.parts!.host.toLowerCase();
      if (isTunnelHost(host)) continue;
      const deployed =
        !info.plainHttp &&
        !info.loopback &&
        !info.privateNetwork &&
        p.context?.kind !== "development" &&
        p.context?.kind !== "test";
      if (deployed) prefill.add(o.value);
      else used.add(o.value);
    }
  }
  for (const o of prefill) used.delete(o);
  return { prefill: [...prefill], used: [...used].sort() };
}

/** What restricting every configuration of one file did. */
export interface RestrictAllOutcome {
  /** The text after the edits (unchanged when none applied). */
  text: string;
  /** Configurations restricted. */
  restricted: Policy[];
  /** Configurations with wildcard or reflecting entries left as they were, with the reason. */
  refused: { policy: Policy; reason: string }[];
}

/**
 * Restricts every configuration in `policies` that allows any origin or echoes the request's
 * (`cors-lint --restrict-origins`). Each configuration is all or nothing; edits shared by two
 * configurations (one options object used twice) are made once.
 */
export function restrictAll(
  text: string,
  policies: readonly Policy[],
  origins: string[],
): RestrictAllOutcome {
  const out: RestrictAllOutcome = { text, restricted: [], refused: [] };
  const edits: Edit[] = [];
  for (const p of policies) {
    if (!restrictableEntries(p).length) continue;
    const r = restrictOrigins(text, p, origins);
    if (!r.ok) {
      out.refused.push({ policy: p, reason: r.reason });
      continue;
    }
    const fresh = r.edits.filter(
      (e) => !edits.some((x) => x.start === e.start && x.end === e.end && x.newText === e.newText),
    );
    if (fresh.some((e) => edits.some((x) => e.start < x.end && x.start < e.end))) {
      out.refused.push({ policy: p, reason: "its entries overlap another configuration's" });
      continue;
    }
    edits.push(...fresh);
    out.restricted.push(p);
  }
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out.text = out.text.slice(0, e.start) + e.newText + out.text.slice(e.end);
  return out;
}

/** Parses `--restrict-origins a,b`: the origins, or the first one that is not an origin. */
export function parseOriginList(list: string): { origins: string[] } | { error: string } {
  const origins = list
    .split(/[,\s]+/)
    .map((o) => o.trim())
    .filter(Boolean);
  if (!origins.length) return { error: "no origins given" };
  const bad = origins.map(originError).find(Boolean);
  return bad ? { error: bad } : { origins: [...new Set(origins)] };
}
