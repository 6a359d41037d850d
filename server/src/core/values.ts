import type { Guard, Span, StringPieces } from "./model";

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
  | { kind: "function"; span: Span; behaviour: FunctionBehaviour }
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
 * What an origin callback does with the request's origin, as far as static analysis can tell.
 * - `identity`: returns (or passes on) the origin itself: reflection
 * - `always-true`: allows every origin
 * - `always-false`: allows none
 * - `partial-check`: allows origins passing a substring/suffix/prefix test
 * - `list-check`: allows origins found in a resolved list (a real allowlist)
 * - `unknown`: anything else
 */
export type FunctionBehaviour =
  | { kind: "identity" }
  | { kind: "always-true" }
  | { kind: "always-false" }
  | {
      kind: "partial-check";
      method: "endswith" | "startswith" | "includes" | "in" | "indexOf" | "substring";
      value: string;
      span: Span;
    }
  | { kind: "regex-check"; pattern: string; flags: string; span: Span }
  | { kind: "list-check"; list: Value }
  | { kind: "unknown" };

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
