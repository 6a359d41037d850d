import type { ExactMatch, Guard, OriginEntry, Setting, Span } from "../model";
import {
  alternatives,
  contradicts,
  dedupeGuards,
  type Answer,
  type OriginCheck,
  type OriginSummary,
  type Value,
} from "../values";

export type { AcceptPath, Answer, OriginCheck, OriginSummary, PartialMethod } from "../values";

/** Where an alternative of a value came from: the guards that select it and the env variable it defaults. */
export interface AltMeta {
  guards?: Guard[];
  envVar?: string;
  /** True when the value was an item of a list rather than the whole option. */
  inList: boolean;
}

/**
 * Walks every alternative of an origin option (choices, env defaults, list items) and lets a framework
 * turn each scalar into origin entries. `meta.inList` tells a list item from a bare value.
 */
export function originsFrom(
  value: Value,
  interpret: (v: Value, meta: AltMeta) => OriginEntry[],
): OriginEntry[] {
  const out: OriginEntry[] = [];
  for (const alt of alternatives(value)) {
    if (alt.value.kind === "list") {
      for (const item of alt.value.items) {
        for (const a of alternatives(item, alt.guards, alt.envVar)) {
          out.push(...withPieces(a.value, interpret(a.value, meta(a.guards, a.envVar, true))));
        }
      }
    } else {
      out.push(...withPieces(alt.value, interpret(alt.value, meta(alt.guards, alt.envVar, false))));
    }
  }
  return out;
}

/** Entries written at a string's span keep how the string was written (pieces, escapes). */
function withPieces(v: Value, entries: OriginEntry[]): OriginEntry[] {
  if (v.kind !== "string" || (!v.pieces && !v.escaped)) return entries;
  return entries.map((e) =>
    e.span.start === v.span.start && e.span.end === v.span.end
      ? {
          ...e,
          ...(v.pieces ? { pieces: v.pieces } : {}),
          ...(v.escaped ? { escaped: v.escaped } : {}),
        }
      : e,
  );
}

function meta(guards: Guard[], envVar: string | undefined, inList: boolean): AltMeta {
  return { guards: guards.length ? guards : undefined, envVar, inList };
}

/** Entry fields from an alternative's meta. */
export function base(span: Span, m: AltMeta): { span: Span; guards?: Guard[]; envVar?: string } {
  return {
    span,
    ...(m.guards?.length ? { guards: m.guards } : {}),
    ...(m.envVar ? { envVar: m.envVar } : {}),
  };
}

/** An unresolvable value as a dynamic entry. */
export function dynamic(v: Value, m: AltMeta): OriginEntry {
  const description = v.kind === "unknown" ? v.text : v.kind;
  return { kind: "dynamic", description, ...base(v.span, m) };
}

/**
 * A boolean option: true when any alternative is true (the riskier reading), with where it was written.
 * Returns undefined when the option is absent or no alternative is a known boolean.
 */
export function boolSetting(v: Value | undefined): Setting<boolean> | undefined {
  if (!v) return undefined;
  const alts = alternatives(v);
  const t = alts.find((a) => a.value.kind === "bool" && a.value.value);
  const pick = t ?? alts.find((a) => a.value.kind === "bool" || a.value.kind === "null");
  if (!pick) return undefined;
  return {
    value: pick.value.kind === "bool" && pick.value.value,
    span: pick.value.span,
    ...(pick.guards.length ? { guards: pick.guards } : {}),
    ...(pick.envVar ? { envVar: pick.envVar } : {}),
  };
}

/** A string-list option (`allow_methods`, `allowedHeaders`): '*' when it holds a star. */
export function listSetting(v: Value | undefined): Setting<string[] | "*"> | undefined {
  if (!v) return undefined;
  const strings: string[] = [];
  for (const a of alternatives(v)) {
    const items = a.value.kind === "list" ? a.value.items : [a.value];
    for (const i of items) {
      if (i.kind === "string")
        strings.push(
          ...i.value
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        );
    }
  }
  return { value: strings.includes("*") ? "*" : strings, span: v.span };
}

/** A numeric option. */
export function numberSetting(v: Value | undefined): Setting<number> | undefined {
  if (!v) return undefined;
  const n = alternatives(v).find((a) => a.value.kind === "number");
  return n && n.value.kind === "number" ? { value: n.value.value, span: n.value.span } : undefined;
}

/**
 * A condition on the request's origin in disjunctive normal form: it holds when one of `terms` holds.
 * `terms: []` is false (no cross-origin request passes), a term with no checks is true. `unknown`
 * is a condition a reader cannot follow. Both language readers build their conditions with these.
 */
export type Formula = { kind: "dnf"; terms: Term[] } | { kind: "unknown" };

/**
 * A conjunction: every check holds, no `negated` check holds (`!allowed.includes(origin)`), under the
 * non-origin guards (`NODE_ENV` tests).
 */
export interface Term {
  checks: OriginCheck[];
  negated?: OriginCheck[];
  guards: Guard[];
}

/** More terms than this and a reader gives up (a cross product of long chains). */
const MAX_TERMS = 32;

export const TRUE: Formula = { kind: "dnf", terms: [{ checks: [], guards: [] }] };
export const FALSE: Formula = { kind: "dnf", terms: [] };
export const UNKNOWN: Formula = { kind: "unknown" };

/** A formula of one check. */
export function checkF(check: OriginCheck): Formula {
  return { kind: "dnf", terms: [{ checks: [check], guards: [] }] };
}

/** A formula of one non-origin condition, kept as a guard. */
export function guardF(guard: Guard): Formula {
  return { kind: "dnf", terms: [{ checks: [], guards: [guard] }] };
}

function isFalse(f: Formula): boolean {
  return f.kind === "dnf" && f.terms.length === 0;
}

function isTrueF(f: Formula): boolean {
  return f.kind === "dnf" && f.terms.some((t) => !literals(t).length);
}

/** A term's literals: checks, negated checks and guards, each with its polarity. */
type Literal =
  { kind: "check"; check: OriginCheck; positive: boolean } | { kind: "guard"; guard: Guard };

function literals(t: Term): Literal[] {
  return [
    ...t.checks.map((check): Literal => ({ kind: "check", check, positive: true })),
    ...(t.negated ?? []).map((check): Literal => ({ kind: "check", check, positive: false })),
    ...t.guards.map((guard): Literal => ({ kind: "guard", guard })),
  ];
}

function termOf(lits: Literal[]): Term {
  const negated = lits.flatMap((l) => (l.kind === "check" && !l.positive ? [l.check] : []));
  return {
    checks: lits.flatMap((l) => (l.kind === "check" && l.positive ? [l.check] : [])),
    ...(negated.length ? { negated } : {}),
    guards: lits.flatMap((l) => (l.kind === "guard" ? [l.guard] : [])),
  };
}

function key(l: Literal): string {
  return l.kind === "check"
    ? JSON.stringify(l.check)
    : `${l.guard.span.start}:${l.guard.span.end}:${l.guard.condition}`;
}

function opposite(a: Literal, b: Literal): boolean {
  if (a.kind === "check" && b.kind === "check")
    return a.positive !== b.positive && key(a) === key(b);
  return a.kind === "guard" && b.kind === "guard" && key(a) === key(b)
    ? a.guard.whenTrue !== b.guard.whenTrue
    : false;
}

/** `X and c` or `X and not c` is `X`: both branches of one test allowing allow whatever it says. */
function simplify(terms: Term[]): Term[] {
  const out = [...terms];
  for (let changed = true; changed;) {
    changed = false;
    outer: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = literals(out[i]);
        const b = literals(out[j]);
        if (a.length !== b.length) continue;
        const diff = a.filter((x) => !b.some((y) => key(x) === key(y) && sameSign(x, y)));
        if (diff.length !== 1) continue;
        const other = b.find((y) => opposite(diff[0], y));
        if (!other) continue;
        out.splice(j, 1);
        out[i] = termOf(a.filter((x) => x !== diff[0]));
        changed = true;
        break outer;
      }
    }
  }
  return out;
}

function sameSign(a: Literal, b: Literal): boolean {
  if (a.kind === "check" && b.kind === "check") return a.positive === b.positive;
  return a.kind === "guard" && b.kind === "guard" && a.guard.whenTrue === b.guard.whenTrue;
}

/** Both hold. */
export function and(a: Formula, b: Formula): Formula {
  if (isFalse(a) || isFalse(b)) return FALSE;
  if (a.kind === "unknown" || b.kind === "unknown") return UNKNOWN;
  const terms: Term[] = [];
  for (const x of a.terms) {
    for (const y of b.terms) {
      const guards = dedupeGuards([...x.guards, ...y.guards]);
      const lits = [...literals(x), ...literals(y)];
      const clash = lits.some((l) => lits.some((m) => opposite(l, m)));
      if (!contradicts(guards) && !clash) {
        const t = termOf(lits.filter((l) => l.kind === "check"));
        terms.push({ ...t, guards });
      }
    }
  }
  return terms.length > MAX_TERMS ? UNKNOWN : { kind: "dnf", terms };
}

/** Either holds. */
export function or(a: Formula, b: Formula): Formula {
  if (isTrueF(a) || isTrueF(b)) return TRUE;
  if (a.kind === "unknown" || b.kind === "unknown") return UNKNOWN;
  const terms = simplify([...a.terms, ...b.terms]);
  return terms.length > MAX_TERMS ? UNKNOWN : { kind: "dnf", terms };
}

/** Every formula holds. */
export function all(fs: Formula[]): Formula {
  return fs.reduce(and, TRUE);
}

/** One of the formulas holds. */
export function any(fs: Formula[]): Formula {
  return fs.reduce(or, FALSE);
}

/** The negation of a formula (De Morgan): checks become negated checks, guards flip. */
export function not(f: Formula): Formula {
  if (f.kind === "unknown") return UNKNOWN;
  if (isFalse(f)) return TRUE;
  return all(
    f.terms.map((t) =>
      any(
        literals(t).map((l): Formula => {
          if (l.kind === "guard") return guardF({ ...l.guard, whenTrue: !l.guard.whenTrue });
          const lit = termOf([{ ...l, positive: !l.positive }]);
          return { kind: "dnf", terms: [lit] };
        }),
      ),
    ),
  );
}

/** The paths of a function that answers `answer` when `when` holds. */
export function pathsOf(answer: Answer, when: Formula): OriginSummary {
  if (when.kind === "unknown") return { kind: "unknown" };
  return {
    kind: "paths",
    paths: when.terms.map((t) => ({
      answer,
      checks: t.checks,
      ...(t.negated ? { negated: t.negated } : {}),
      guards: t.guards,
    })),
  };
}

/** Several summaries of one function's exits, merged: unknown if any is. */
export function mergeSummaries(parts: OriginSummary[]): OriginSummary {
  if (parts.some((p) => p.kind === "unknown")) return { kind: "unknown" };
  return { kind: "paths", paths: parts.flatMap((p) => (p.kind === "paths" ? p.paths : [])) };
}

/** The summary as a condition on the origin: when does the function allow? ("accepts O when ..."). */
export function acceptance(s: OriginSummary): Formula {
  if (s.kind === "unknown") return UNKNOWN;
  return {
    kind: "dnf",
    terms: s.paths.map((p) => ({
      checks: p.checks,
      ...(p.negated ? { negated: p.negated } : {}),
      guards: p.guards,
    })),
  };
}

/** How a framework reads a function's answers. */
export interface AnswerReading {
  /** How list checks compare (`exact`; `sent` for a header written by hand). */
  listMatch: ExactMatch;
  /** Entries for a `true` answer with no check (reflection in Express); default: reflection. */
  onTrue?: (span: Span, m: AltMeta) => OriginEntry[];
  /** Entries for an answer that is a fixed value; default: dynamic. */
  onValue?: (v: Value, m: AltMeta) => OriginEntry[];
  /** Why an unchecked echo of the origin is reflection. */
  reflectReason?: "identity-function" | "echo-header";
  /** The dynamic entry's description when the summary cannot be read. */
  unknownDescription?: string;
}

/**
 * Origin entries for a function summary: every allowing path gives the entries of its strongest
 * check (all checks hold, so the narrowest decides), or reflection when it has none; a path's
 * guards join the entry's. `span` is where the function is written. One mapper for both languages.
 */
export function summaryEntries(
  s: OriginSummary,
  span: Span,
  m: AltMeta,
  reading: AnswerReading,
): OriginEntry[] {
  if (s.kind === "unknown")
    return [
      {
        kind: "dynamic",
        description: reading.unknownDescription ?? "origin callback",
        ...base(span, m),
      },
    ];
  const out: OriginEntry[] = [];
  for (const p of s.paths) {
    const meta: AltMeta = p.guards.length
      ? { ...m, guards: [...(m.guards ?? []), ...p.guards] }
      : m;
    if (p.answer.kind === "value") {
      out.push(...(reading.onValue?.(p.answer.value, meta) ?? [dynamic(p.answer.value, meta)]));
      continue;
    }
    const strongest = strongestCheck(p.checks);
    if (p.answer.kind === "true" && reading.onTrue) out.push(...reading.onTrue(span, meta));
    else if (strongest) out.push(...checkEntries(strongest, meta, reading.listMatch));
    else if (p.negated?.some((c) => c.kind === "opaque"))
      out.push({ kind: "dynamic", description: "origin check", ...base(span, meta) });
    else {
      const reason =
        p.answer.kind === "true"
          ? "always-true-callback"
          : (reading.reflectReason ?? "identity-function");
      out.push({ kind: "reflect", reason, ...base(span, meta) });
    }
  }
  return out;
}

const RANK: Record<OriginCheck["kind"], number> = { partial: 0, opaque: 1, regex: 2, list: 3 };

/** The check that lets the fewest origins through: a list, then a pattern, an unreadable test, a partial one. */
export function strongestCheck(checks: OriginCheck[]): OriginCheck | undefined {
  return checks.reduce<OriginCheck | undefined>(
    (a, c) => (!a || RANK[c.kind] > RANK[a.kind] ? c : a),
    undefined,
  );
}

/** The entries one check stands for. */
export function checkEntries(c: OriginCheck, m: AltMeta, listMatch: ExactMatch): OriginEntry[] {
  const t = "transform" in c && c.transform?.length ? { transform: c.transform } : {};
  switch (c.kind) {
    case "opaque":
      return [{ kind: "dynamic", description: c.text || "origin check", ...base(c.span, m) }];
    case "partial":
      return [
        { kind: "partial-check", method: c.method, value: c.value, ...base(c.span, m), ...t },
      ];
    case "regex":
      return [
        {
          kind: "regex",
          pattern: c.pattern,
          flags: c.flags,
          engine: c.engine,
          ...base(c.span, m),
          ...t,
        },
      ];
    case "list":
      return originsFrom(c.list, (v, mm) => {
        // The list's own env default names the variable; the outer one is the option's.
        const meta: AltMeta = {
          inList: mm.inList,
          guards: m.guards || mm.guards ? [...(m.guards ?? []), ...(mm.guards ?? [])] : undefined,
          envVar: mm.envVar ?? m.envVar,
        };
        if (v.kind === "string")
          return [{ kind: "exact", value: v.value, match: listMatch, ...base(v.span, meta), ...t }];
        // `null`, or a RegExp compared with `===`/`includes`: never equal to an origin string.
        if (v.kind === "null" || v.kind === "regex") return [];
        return [dynamic(v, meta)];
      });
  }
}
