import type { Span } from "../../model";
import type { Value } from "../../values";

/** Applies a string transformation through lists, env fallbacks and choices. */
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
      return { kind: "unknown", span, text: "" };
  }
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

/** `a + b` on strings and lists. */
export function concat(a: Value, b: Value, span: Span): Value {
  if (a.kind === "string" && b.kind === "string")
    return { kind: "string", value: a.value + b.value, span };
  if (a.kind === "list" && b.kind === "list")
    return { kind: "list", items: [...a.items, ...b.items], span };
  if (a.kind === "list") return { kind: "list", items: [...a.items, b], span };
  return { kind: "unknown", span, text: "" };
}
