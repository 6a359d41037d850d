/**
 * The edits behind "Restrict Origins" for each way a configuration writes a wildcard or reflecting
 * entry: framework defaults, allow-all settings, aiohttp-cors keys, environment defaults, echoed headers.
 * Each returns the edit, or why it cannot be made.
 */
import { literal } from "./fixes";
import { FRAMEWORK_LABELS } from "./frameworks";
import type { Edit, Framework, OptionRef, OriginEntry, Policy, Span } from "./model";

/** Frameworks whose origin setting holds one origin (a header value, @koa/cors's `origin` string). */
export const SINGLE_ORIGIN = new Set<Framework>([
  "python-headers",
  "js-headers",
  "nextjs-headers",
  "koa-cors",
]);

/** Frameworks that read a bare string differently from a list (Starlette: substring test). */
export const LIST_ONLY = new Set<Framework>([
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

export function isEcho(o: OriginEntry): boolean {
  return o.kind === "reflect" && o.reason === "echo-header";
}

/**
 * The wildcard is an environment variable's default (`os.getenv("ORIGINS", "*").split(",")`,
 * `process.env.ORIGIN || "*"`): the default becomes the origins, in the form the code reads it; the
 * variable still wins where it is set.
 */
export function envDefaultEdit(
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
export function isAnchorEntry(policy: Policy, o: OriginEntry): boolean {
  return o.span.start === policy.anchor.start && o.span.end === policy.anchor.end;
}

/** `cors()` -> `cors({ origin: [...] })`, `CORS(app)` -> `CORS(app, origins=[...])`. */
export function insertOrigins(text: string, policy: Policy, origins: string[]): Edit | string {
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
export function settingEdit(
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
export function aiohttpEdit(text: string, o: OriginEntry, origins: string[]): Edit | string {
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
export function echoEdit(
  text: string,
  policy: Policy,
  o: OriginEntry,
  origins: string[],
): Edit | string {
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

export function isFunctionLiteral(src: string): boolean {
  return (
    /^(async\s*)?(\([^)]*\)|[\w$]+)\s*=>/.test(src) ||
    /^(async\s+)?function\s*\(/.test(src) ||
    /^lambda\b/.test(src)
  );
}

/** Whether `span` is one item of a list, tuple, set or array literal. */
export function isListItem(text: string, span: Span): boolean {
  const before = /[[(,{]\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  const after = /^\s*[\]),}]/.test(text.slice(span.end, span.end + 200));
  const call = /[\w$)\]]\s*\(\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  return before && after && !call;
}

/** The quote to write strings with: the entry's own, else the one the file uses most. */
export function quoteFor(text: string, span: Span, policy: Policy): string {
  const own = /^[rRbBuUfF]*(['"])/.exec(text.slice(span.start, span.start + 4));
  if (own) return own[1];
  if (policy.language === "python") return '"';
  const single = (text.match(/'/g) ?? []).length;
  const double = (text.match(/"/g) ?? []).length;
  return single > double ? "'" : '"';
}

export function list(origins: string[], q: string): string {
  return "[" + origins.map((o) => literal(o, q)).join(", ") + "]";
}

export function shorten(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 40 ? one.slice(0, 37) + "..." : one;
}
