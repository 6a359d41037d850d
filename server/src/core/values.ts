import type { Guard, OriginTransform, RegexEngine, Span, StringPieces } from "./model";

export type { StringPieces };

/**
 * A language-neutral picture of what an expression evaluates to, as far as a reader of the file can tell
 * without running it. Both language resolvers produce it; framework extractors interpret it.
 */
export type Value =
  | {
      kind: "string";
      value: string;
      span: Span;
      /**
       * Set when the string is written as several literals: Python's adjacent literals (`"a" "b"`)
       * or `+` of literals. Fixes never rewrite such a value; unmatchable-origin reads glued origins
       * from the pieces.
       */
      pieces?: StringPieces;
      /** Set when a literal holds escape sequences (`\x2f`): fixes rewrite it only if it round-trips. */
      escaped?: boolean;
    }
  | { kind: "number"; value: number; span: Span }
  | { kind: "bool"; value: boolean; span: Span }
  /** Python None, JS null/undefined. */
  | { kind: "null"; span: Span }
  /** list, tuple, set, array (spreads and concatenations already flattened). */
  | { kind: "list"; items: Value[]; span: Span }
  /** dict literal, `dict(...)`, object literal, or keyword arguments. */
  | { kind: "dict"; entries: DictEntry[]; span: Span }
  /** JS regex literal or `new RegExp(..)`, Python `re.compile(..)`. */
  | { kind: "regex"; pattern: string; flags: string; span: Span }
  /** A function; `summary` is what it does with the request's origin when it is handed one. */
  | { kind: "function"; span: Span; summary: OriginSummary }
  /** An environment lookup; `fallback` is what it yields when the variable is unset. */
  | { kind: "env"; variable: string; fallback?: Value; span: Span }
  /** Branches of a ternary or if/else; each alternative under its guard. */
  | { kind: "choice"; options: ChoiceOption[]; span: Span }
  /** Anything a reader cannot resolve. */
  | { kind: "unknown"; span: Span; text: string };

/** The pieces of `a + b`: each side's own pieces, or the side itself. */
export function plusPieces(a: Value, b: Value): StringPieces {
  const partsOf = (v: Value): StringPieces["parts"] =>
    v.kind === "string"
      ? (v.pieces?.parts ?? [{ value: v.value, span: v.span }])
      : v.kind === "number"
        ? [{ value: String(v.value), span: v.span }]
        : [];
  return { joined: "plus", parts: [...partsOf(a), ...partsOf(b)] };
}

/** One key of a dict/object or one keyword argument. */
export interface DictEntry {
  key: string;
  keySpan: Span;
  value: Value;
  /** The whole `key: value` / `key=value`, for fixes that remove or rewrite it. */
  span: Span;
}

export interface ChoiceOption {
  value: Value;
  /** The conditions under which this alternative is taken (innermost last). */
  guards: Guard[];
}

/**
 * One test on the request's origin, the same for every language reader (`extract/origins.ts` reads it):
 * - `list`: exact membership or equality (`origin in ALLOWED`, `list.includes(origin)`, `origin === x`)
 * - `partial`: a suffix, prefix or substring test (`origin.endswith(x)`, `"a.com b.com".includes(origin)`)
 * - `regex`: a pattern run by `engine` (`re.match`, `/re/.test(origin)`)
 * - `opaque`: a test cors-lint cannot read (`is_allowed(origin)` from a package)
 * `transform` is what the origin goes through before the comparison (`new URL(origin).hostname`).
 */
export type OriginCheck =
  | { kind: "list"; list: Value; transform?: OriginTransform[] }
  | {
      kind: "partial";
      method: PartialMethod;
      value: string;
      span: Span;
      transform?: OriginTransform[];
    }
  | {
      kind: "regex";
      pattern: string;
      flags: string;
      engine: RegexEngine;
      span: Span;
      transform?: OriginTransform[];
    }
  | { kind: "opaque"; text: string; span: Span };

/** How a partial check compares: suffix, prefix, or substring (with the spelling that wrote it). */
export type PartialMethod = "endswith" | "startswith" | "includes" | "in" | "indexOf" | "substring";

/** What a function hands back on an allowing path. */
export type Answer =
  /** The request's origin itself. */
  | { kind: "origin" }
  /** `true`: "allowed" (Express `callback(null, true)`). */
  | { kind: "true" }
  /** Another value, read by the framework as it reads its `origin` option (a fixed string, a list). */
  | { kind: "value"; value: Value };

/** One allowing path of a function: what it answers when all of `checks` hold. */
export interface AcceptPath {
  answer: Answer;
  /** A conjunction; empty means every origin takes this path. */
  checks: OriginCheck[];
  /**
   * Checks that must fail (`if (!allowed.includes(origin)) cb(null, true)`): the path lets through
   * every origin but those, so with no positive check it reads as reflection.
   */
  negated?: OriginCheck[];
  /** Non-origin conditions on the path (`NODE_ENV !== "production"`), for context classification. */
  guards: Guard[];
}

/**
 * A function summary: "accepts O when one of `paths` holds" (paths that refuse are left out), or
 * `unknown` when some path cannot be read.
 */
export type OriginSummary = { kind: "paths"; paths: AcceptPath[] } | { kind: "unknown" };

/** The dict entry with this key, if any. */
export function entry(dict: Value | undefined, key: string): DictEntry | undefined {
  if (!dict || dict.kind !== "dict") return undefined;
  for (let i = dict.entries.length - 1; i >= 0; i--) {
    if (dict.entries[i].key === key) return dict.entries[i];
  }
  return undefined;
}

/** A truthiness reading of a value: true/false when a reader can tell, undefined otherwise. */
export function truthy(v: Value | undefined): boolean | undefined {
  if (!v) return undefined;
  switch (v.kind) {
    case "bool":
      return v.value;
    case "null":
      return false;
    case "string":
      return v.value.length > 0;
    case "number":
      return v.value !== 0;
    case "list":
      return v.items.length > 0;
    case "dict":
    case "regex":
    case "function":
      return true;
    default:
      return undefined;
  }
}

/**
 * Flattens choices into the alternatives a value may take, each with the guards that select it.
 * Env lookups yield their fallback (marked with the variable) when they have one.
 */
export function alternatives(
  v: Value,
  guards: Guard[] = [],
  envVar?: string,
): { value: Value; guards: Guard[]; envVar?: string }[] {
  if (v.kind === "choice") {
    return v.options.flatMap((o) => alternatives(o.value, [...guards, ...o.guards], envVar));
  }
  if (v.kind === "env") {
    if (v.fallback) return alternatives(v.fallback, guards, v.variable);
    return [{ value: { kind: "unknown", span: v.span, text: `$${v.variable}` }, guards, envVar }];
  }
  return [{ value: v, guards, envVar }];
}

/** Whether a value resolves to a boolean true in every alternative. */
export function isTrue(v: Value | undefined): boolean {
  return !!v && alternatives(v).every((a) => a.value.kind === "bool" && a.value.value);
}

/**
 * Applies a string transformation (`.split(",")`, `.strip()`, `.lower()`) through lists, env fallbacks and
 * choices; a function returning a list splits a string into items. Other values become unknown.
 */
export function mapStrings(
  v: Value,
  span: Span,
  f: (s: string) => string | string[],
  dropEmpty = false,
): Value {
  switch (v.kind) {
    case "string": {
      const r = f(v.value);
      if (typeof r === "string") return { kind: "string", value: r, span: v.span };
      return {
        kind: "list",
        items: r.map((s) => ({ kind: "string", value: s, span: v.span })),
        span,
      };
    }
    case "list": {
      const items = v.items
        .map((i) => mapStrings(i, i.span, (s) => f(s)))
        .flatMap((i) => (i.kind === "list" ? i.items : [i]));
      return {
        kind: "list",
        items: dropEmpty ? items.filter((i) => !(i.kind === "string" && i.value === "")) : items,
        span,
      };
    }
    case "env":
      return {
        ...v,
        fallback: v.fallback ? mapStrings(v.fallback, span, f, dropEmpty) : undefined,
        span,
      };
    case "choice":
      return {
        ...v,
        options: v.options.map((o) => ({ ...o, value: mapStrings(o.value, span, f, dropEmpty) })),
      };
    default:
      return { kind: "unknown", span, text: v.kind === "unknown" ? v.text : "" };
  }
}

/** `a + b` on strings (and JS numbers), lists and list + item, through choices of strings. */
export function concat(a: Value, b: Value, span: Span): Value {
  const str = (v: Value): string | undefined =>
    v.kind === "string" ? v.value : v.kind === "number" ? String(v.value) : undefined;
  const sa = str(a);
  const sb = str(b);
  if (sa !== undefined && sb !== undefined && (a.kind === "string" || b.kind === "string")) {
    return { kind: "string", value: sa + sb, span, pieces: plusPieces(a, b) };
  }
  if (a.kind === "number" && b.kind === "number")
    return { kind: "number", value: a.value + b.value, span };
  if (a.kind === "list" && b.kind === "list")
    return { kind: "list", items: [...a.items, ...b.items], span };
  if (a.kind === "list") return { kind: "list", items: [...a.items, b], span };
  // `settings.origins + [...]` where the field reads the environment: the default, extended.
  if (a.kind === "env" && a.fallback) return { ...a, fallback: concat(a.fallback, b, span), span };
  if (a.kind === "choice" && sb !== undefined) {
    return {
      ...a,
      span,
      options: a.options.map((o) => ({ ...o, value: concat(o.value, b, span) })),
    };
  }
  return { kind: "unknown", span, text: "" };
}

/** Appends items to every list a value may be (through env fallbacks and choices). */
export function append(v: Value, items: Value[]): Value {
  switch (v.kind) {
    case "list":
      return { ...v, items: [...v.items, ...items] };
    case "env":
      return v.fallback
        ? { ...v, fallback: append(v.fallback, items) }
        : { kind: "list", items: [v, ...items], span: v.span };
    case "choice":
      return { ...v, options: v.options.map((o) => ({ ...o, value: append(o.value, items) })) };
    default:
      return { kind: "list", items: [v, ...items], span: v.span };
  }
}

function sameGuard(g: Guard, h: Guard): boolean {
  return h.span.start === g.span.start && h.span.end === g.span.end;
}

/** Whether a guard list holds a condition both true and false. */
export function contradicts(guards: Guard[]): boolean {
  return guards.some((g) => guards.some((h) => sameGuard(g, h) && h.whenTrue !== g.whenTrue));
}

/** A guard list without repeats. */
export function dedupeGuards(guards: Guard[]): Guard[] {
  return guards.filter(
    (g, i) => guards.findIndex((h) => sameGuard(g, h) && h.whenTrue === g.whenTrue) === i,
  );
}

/** A choice between alternatives; nested choices are flattened and impossible branches dropped. */
export function choiceOf(options: ChoiceOption[], span: Span): Value {
  const flat: ChoiceOption[] = [];
  for (const o of options) {
    if (o.value.kind === "choice") {
      for (const inner of o.value.options)
        flat.push({ value: inner.value, guards: dedupeGuards([...o.guards, ...inner.guards]) });
    } else flat.push(o);
  }
  const kept = flat.filter((o) => !contradicts(o.guards));
  if (kept.length === 1 && kept[0].guards.length === 0) return kept[0].value;
  return { kind: "choice", options: kept, span };
}

/** Drops list items the predicate rejects, through env lookups and choices. */
export function filterItems(v: Value, keep: (item: Value) => boolean): Value {
  switch (v.kind) {
    case "list":
      return { ...v, items: v.items.filter(keep) };
    case "env":
      return { ...v, fallback: v.fallback ? filterItems(v.fallback, keep) : undefined };
    case "choice":
      return { ...v, options: v.options.map((o) => ({ ...o, value: filterItems(o.value, keep) })) };
    default:
      return v;
  }
}

/** Every string a value may be: its alternatives, list items included. */
export function stringsOf(v: Value): string[] {
  return alternatives(v).flatMap((a) =>
    a.value.kind === "string"
      ? [a.value.value]
      : a.value.kind === "list"
        ? a.value.items.flatMap(stringsOf)
        : [],
  );
}

/**
 * The list a value holds in its only alternative (an env lookup's default, a single-branch choice), for
 * readers that loop over it; undefined otherwise.
 */
export function soleList(v: Value): Extract<Value, { kind: "list" }> | undefined {
  const alts = alternatives(v);
  const only = alts.length === 1 ? alts[0].value : undefined;
  return only?.kind === "list" ? only : undefined;
}
