import type { Guard, OriginEntry, Setting, Span } from "../model";
import { alternatives, type Value } from "../values";

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
    ...(m.guards ? { guards: m.guards } : {}),
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
