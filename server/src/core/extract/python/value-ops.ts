import type { Span } from "../../model";
import { plusPieces, type Value } from "../../values";

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

/** `a + b` on strings and lists. */
export function concat(a: Value, b: Value, span: Span): Value {
  if (a.kind === "string" && b.kind === "string")
    return { kind: "string", value: a.value + b.value, span, pieces: plusPieces(a, b) };
  if (a.kind === "list" && b.kind === "list")
    return { kind: "list", items: [...a.items, ...b.items], span };
  if (a.kind === "list") return { kind: "list", items: [...a.items, b], span };
  // `settings.origins + [...]` where the field reads the environment: the default, extended.
  if (a.kind === "env" && a.fallback) return { ...a, fallback: concat(a.fallback, b, span), span };
  return { kind: "unknown", span, text: "" };
}
