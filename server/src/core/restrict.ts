/**
 * "Restrict Origins": the edit that replaces a configuration's wildcard and reflecting origin entries
 * with an explicit list of origins, for every framework the extractors read, or the precise reason it
 * cannot. One operation for the editor command, the quick-fix menu and `cors-lint --restrict-origins`.
 * Sits below the rules: it reads policies and text, never a rule context.
 */
import { literal } from "./fixes";
import { FRAMEWORK_LABELS } from "./frameworks";
import type { Edit, OriginEntry, Policy, Span } from "./model";
import { originError } from "./origin-suggestions";
import {
  aiohttpEdit,
  echoEdit,
  envDefaultEdit,
  insertOrigins,
  isAnchorEntry,
  isEcho,
  isFunctionLiteral,
  isListItem,
  LIST_ONLY,
  list,
  quoteFor,
  settingEdit,
  shorten,
  SINGLE_ORIGIN,
} from "./restrict-edits";

/** Either the edits (one or more, non-overlapping, sorted) or why there are none. */
export type RestrictResult =
  | { ok: true; policy: Policy; edits: Edit[]; entries: number }
  | { ok: false; policy?: Policy; reason: string };

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
