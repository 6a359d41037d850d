import type { Edit, Fix, OriginEntry, Policy, Span } from "../model";
import {
  falseLiteral,
  fix,
  insertOption,
  literal,
  literalAt,
  quoteOf,
  replaceString,
  stringList,
} from "../fixes";
import { isPlaceholderHost, parseOrigin } from "../origin-syntax";
import type { RuleContext } from "./types";

/**
 * The origin restrict fixes write when the config names none: a reserved name (RFC 2606 `.example`)
 * that no site can have, marked as the fix's placeholder and reported by placeholder-origin if left.
 */
export const PLACEHOLDER_ORIGIN = "https://app.example";

/**
 * "Replace '*' with an explicit origin list": unsafe with the configured `productionOrigins`,
 * a suggestion with a placeholder otherwise.
 */
export function restrictOriginsFix(
  policy: Policy,
  o: OriginEntry,
  ctx: RuleContext,
): Fix<"restrict-origins">[] {
  const origins = ctx.config.productionOrigins;
  const chosen = origins.length ? origins : [PLACEHOLDER_ORIGIN];
  const applicability = origins.length ? "unsafe" : "suggestion";
  const title = origins.length
    ? `Replace the wildcard with ${chosen.join(", ")}`
    : "Replace the wildcard with an explicit origin list";
  if (o.kind === "any" && o.source === "default")
    return insertOriginsFix(policy, ctx, title, applicability);
  // Only a literal `"*"` is rewritten; a star assembled from pieces or escapes is left alone.
  if (!literalAt(ctx.text, o.span, "*")) return [];
  const q = quoteOf(ctx.text, o.span);
  // Inside a list the star is one item: replace it with the origins; a bare '*' becomes a list.
  const parentIsList = /\[\s*$/.test(ctx.text.slice(Math.max(0, o.span.start - 40), o.span.start));
  // Starlette reads a bare str as a substring test, so a single origin must still become a list.
  const needsList = !parentIsList && policy.framework === "starlette";
  let edit: Edit | undefined;
  if (parentIsList || (chosen.length === 1 && !needsList)) {
    edit =
      chosen.length === 1
        ? replaceString(ctx.text, o.span, "*", chosen[0])
        : { ...o.span, newText: stringList(chosen, q).slice(1, -1) };
  } else edit = { ...o.span, newText: stringList(chosen, q) };
  return edit ? [withPlaceholder(fix("restrict-origins", title, applicability, [edit]), ctx)] : [];
}

/**
 * Marks the invented origin a restrict fix writes when no `productionOrigins` are configured: the
 * editor selects it (snippet) or asks for the value, bulk application skips the fix, and the
 * placeholder-origin finding it will cause is declared.
 */
export function withPlaceholder<K extends string>(f: Fix<K>, ctx: RuleContext): Fix<K> {
  if (ctx.config.productionOrigins.length) return f;
  for (let i = 0; i < f.edits.length; i++) {
    const start = f.edits[i].newText.indexOf(PLACEHOLDER_ORIGIN);
    if (start < 0) continue;
    const placeholder = { edit: i, start, end: start + PLACEHOLDER_ORIGIN.length };
    return { ...f, applicability: "suggestion", placeholder, introduces: ["placeholder-origin"] };
  }
  return f;
}

/** The option that lists origins, per framework, for fixes that add one where a default applied. */
const ORIGINS_OPTION: Partial<Record<Policy["framework"], string>> = {
  starlette: "allow_origins",
  "flask-cors": "origins",
  litestar: "allow_origins",
  falcon: "allow_origins",
};

/**
 * Adds an explicit origins option to a configuration that relied on its framework's default
 * (`cors()`, `CORS(app)`, Elysia's reflecting default). `cors()` gets an options object.
 */
export function insertOriginsFix(
  policy: Policy,
  ctx: RuleContext,
  title: string,
  applicability: Fix["applicability"],
): Fix<"restrict-origins">[] {
  const chosen = ctx.config.productionOrigins.length
    ? ctx.config.productionOrigins
    : [PLACEHOLDER_ORIGIN];
  const list = stringList(chosen, ctx.language === "python" ? '"' : "'");
  let option: string;
  if (policy.language === "python") {
    const key = ORIGINS_OPTION[policy.framework];
    if (!key) return [];
    option = `${key}=${list}`;
  } else {
    const inCall = ctx.text
      .slice(0, policy.insertAt ?? 0)
      .trimEnd()
      .endsWith("(");
    option = inCall ? `{ origin: ${list} }` : `origin: ${list}`;
  }
  const edit = insertOption(ctx.text, policy, option);
  return edit ? [withPlaceholder(fix("restrict-origins", title, applicability, [edit]), ctx)] : [];
}

/** Whether an entry stands for a framework default (it sits on the policy's anchor, not on a value). */
export function isDefaultEntry(policy: Policy, o: OriginEntry): boolean {
  return o.span.start === policy.anchor.start && o.span.end === policy.anchor.end;
}

/**
 * Whether a fix may edit an exact entry's text: one literal, not glued from pieces, holding the
 * entry's value as written (see `literalAt`).
 */
export function isPlainLiteral(text: string, o: OriginEntry): boolean {
  return o.kind === "exact" && !o.pieces && !!literalAt(text, o.span, o.value);
}

/**
 * The rules that may newly judge origins a fix makes reachable (a slash removed, a comma inserted):
 * declared in the fix's `introduces`, so the fix oracle holds every other new finding against it.
 */
export function rulesJudging(origins: readonly string[]): string[] {
  const out = new Set<string>(["missing-vary-origin"]);
  for (const o of origins) {
    const info = parseOrigin(o);
    if (info.problems.length) out.add("unmatchable-origin");
    if (info.isNull) out.add("null-origin");
    if (info.parts && isPlaceholderHost(info.parts.host)) out.add("placeholder-origin");
    if (info.loopback || info.privateNetwork) out.add("dev-origin-in-production");
    else if (info.plainHttp) out.add("insecure-origin");
  }
  return [...out].sort();
}

/** A fix that makes `origins` reachable: it declares them as affected and the rules that may judge them. */
export function reaching<K extends string>(f: Fix<K>, origins: readonly string[]): Fix<K> {
  return { ...f, affects: { origins: [...origins] }, introduces: rulesJudging(origins) };
}

/** Whether the text at `span` is a plain string literal (Python prefixes and JS templates included). */
export function isStringLiteral(text: string, span: Span): boolean {
  return /^[rRbBuUfF]*['"`]/.test(text.slice(span.start, span.start + 4));
}

/**
 * Whether `span` is one item of a list, tuple or array literal (it sits between `[`/`(`/`,` and `]`/`)`/`,`).
 * Call arguments look the same: callers rule out env defaults (`os.getenv("X", "a")`) themselves.
 */
export function isListItem(text: string, span: Span): boolean {
  const before = /[[(,]\s*$/.test(text.slice(Math.max(0, span.start - 200), span.start));
  const after = /^\s*[\]),]/.test(text.slice(span.end, span.end + 200));
  return before && after;
}

/** The " when VAR is unset" suffix for entries that come from an environment variable's default. */
export function whenUnset(envVar: string | undefined): string {
  return envVar ? ` when ${envVar} is unset` : "";
}

/** " with the user's cookies" when a credentialed request can read the response. */
export function withCookies(readable: boolean): string {
  return readable ? " with the user's cookies" : "";
}

/**
 * "Stop sending credentials": turns a literal `True`/`true` credentials setting into false, or adds
 * `credentials: false` where the framework enables them by default. Unsafe: logged-in requests
 * change.
 */
export function dropCredentialsFix(
  policy: Policy,
  ctx: RuleContext,
  introduces?: string[],
): Fix<"drop-credentials">[] {
  return dropCredentials(policy, ctx).map((f) => (introduces ? { ...f, introduces } : f));
}

function dropCredentials(policy: Policy, ctx: RuleContext): Fix<"drop-credentials">[] {
  const c = policy.credentials;
  const no = falseLiteral(policy.language);
  if (!c) {
    const option = policy.language === "python" ? `credentials=${no}` : `credentials: ${no}`;
    const edit = insertOption(ctx.text, policy, option);
    return edit
      ? [fix("drop-credentials", 'Turn credentials off ("credentials: false")', "unsafe", [edit])]
      : [];
  }
  if (!/^(True|true)$/.test(ctx.text.slice(c.span.start, c.span.end))) return [];
  const opt = policy.options.find((o) => o.valueSpan?.start === c.span.start);
  const name = opt ? opt.name : "credentials";
  const title = `Turn credentials off (${name} to ${no})`;
  return [fix("drop-credentials", title, "unsafe", [{ ...c.span, newText: no }])];
}

/**
 * "Mark this as a public API": a suppression comment with a reason on the line before the finding.
 * A suggestion: only the user knows the endpoint serves public data.
 */
export function publicApiFix(ctx: RuleContext, span: Span, rule: string): Fix<"mark-public-api"> {
  const lineStart = ctx.text.lastIndexOf("\n", span.start - 1) + 1;
  const indent = /^[ \t]*/.exec(ctx.text.slice(lineStart))![0];
  const marker = ctx.language === "python" ? "#" : "//";
  const reason = "public API, no cookies or private data";
  const comment = `${indent}${marker} cors-lint-disable-next-line ${rule} -- ${reason}\n`;
  return fix(
    "mark-public-api",
    "Mark this as a public API (suppression comment with a reason)",
    "suggestion",
    [{ start: lineStart, end: lineStart, newText: comment }],
  );
}

/**
 * "Replace the entry with explicit origins": a string or list literal in place of a reflecting or
 * partial entry; unsafe with the configured `productionOrigins`, a suggestion with a placeholder.
 */
export function explicitOriginsFix(
  span: Span,
  ctx: RuleContext,
  asList: boolean,
): Fix<"explicit-origins"> {
  const origins = ctx.config.productionOrigins;
  const chosen = origins.length ? origins : [PLACEHOLDER_ORIGIN];
  const q = ctx.language === "python" ? '"' : "'";
  const newText = asList ? stringList(chosen, q) : literal(chosen[0], q);
  const title = origins.length
    ? `Allow only ${chosen.join(", ")}`
    : "Replace with an explicit origin list";
  return withPlaceholder(
    fix("explicit-origins", title, origins.length ? "unsafe" : "suggestion", [
      { ...span, newText },
    ]),
    ctx,
  );
}

/** The parts of a safe origin pattern: schemes, host, whether subdomains and ports were meant. */
export interface PatternPlan {
  host: string;
  schemes: string[];
  subdomains: boolean;
  /** A literal port, `any` for "some port", or undefined. */
  port?: string;
}

/** `^https://([a-z0-9-]+\.)*example\.com$` from a plan: anchored, dots escaped, no `.*`. */
export function anchoredPattern(plan: PatternPlan): string {
  const scheme = plan.schemes.length > 1 ? "https?" : (plan.schemes[0] ?? "https");
  const sub = plan.subdomains ? "([a-z0-9-]+\\.)*" : "";
  const port = plan.port === "any" ? "(:\\d+)?" : plan.port ? `:${plan.port}` : "";
  return `^${scheme}://${sub}${plan.host.replace(/\./g, "\\.")}${port}$`;
}

/**
 * Writes `pattern` in place of the pattern literal at `span`, keeping its form: a JS regex literal
 * (`/…/flags`, slashes escaped, `g`/`y` dropped), a Python raw string, or a plain string literal.
 * Undefined when the span holds something else (a variable, a call).
 */
export function patternEdit(text: string, span: Span, pattern: string): Edit | undefined {
  const src = text.slice(span.start, span.end);
  const re = /^\/(?:[^/\\\n]|\\.)+\/([a-z]*)$/.exec(src);
  if (re) {
    const flags = re[1].replace(/[gy]/g, "");
    return { ...span, newText: `/${pattern.replace(/\//g, "\\/")}/${flags}` };
  }
  const str = /^([rRbBuUfF]*)(['"`])/.exec(src);
  if (str) {
    if (str[2] === "`" && src.includes("${")) return undefined;
    if (/[rR]/.test(str[1])) return { ...span, newText: `r${str[2]}${pattern}${str[2]}` };
    return { ...span, newText: literal(pattern, str[2] === "`" ? "'" : str[2]) };
  }
  return undefined;
}
