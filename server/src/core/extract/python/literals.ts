import type { Span } from "../../model";
import type { PyNode } from "../../parse/python";
import type { DictEntry, Value } from "../../values";
import type { PyResolver } from "./resolver";
import { spanOf, unknown } from "./syntax";

/**
 * Adjacent literals (`"a" "b"`) are one string to Python; the pieces are kept so that fixes leave
 * the value alone and a missing comma inside a list can be reported.
 */
export function adjacentStrings(r: PyResolver, n: PyNode): Value {
  const parts: { value: string; span: Span }[] = [];
  let escaped = false;
  for (const c of n.namedChildren) {
    if (!c || c.type === "comment") continue;
    const part = c.type === "string" ? r.stringValue(c) : undefined;
    if (!part || part.kind !== "string") return unknown(n);
    parts.push({ value: part.value, span: part.span });
    escaped ||= !!part.escaped;
  }
  const inSequence = ["list", "tuple", "set"].includes(n.parent?.type ?? "");
  return {
    kind: "string",
    value: parts.map((p) => p.value).join(""),
    span: spanOf(n),
    pieces: { joined: inSequence ? "adjacent-item" : "adjacent", parts },
    ...(escaped ? { escaped } : {}),
  };
}

/** A list, tuple or set literal: its items, `*splat` items spread when they are lists. */
export function sequence(r: PyResolver, n: PyNode, depth: number): Value {
  const items: Value[] = [];
  for (const c of n.namedChildren) {
    if (!c || c.type === "comment") continue;
    if (c.type === "list_splat" && c.namedChildren[0]) {
      const inner = r.resolve(c.namedChildren[0], depth + 1);
      if (inner.kind === "list") items.push(...inner.items);
      else items.push(inner);
    } else {
      items.push(r.resolve(c, depth + 1));
    }
  }
  return { kind: "list", items, span: spanOf(n) };
}

/** A dict literal: its entries, `**splat` entries spread when they are dicts. */
export function dictionary(r: PyResolver, n: PyNode, depth: number): Value {
  const entries: DictEntry[] = [];
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === "pair") {
      const k = c.childForFieldName("key");
      const v = c.childForFieldName("value");
      if (!k || !v) continue;
      const key = r.resolve(k, depth + 1);
      entries.push({
        key: key.kind === "string" ? key.value : k.text,
        keySpan: spanOf(k),
        value: r.resolve(v, depth + 1),
        span: spanOf(c),
      });
    } else if (c.type === "dictionary_splat" && c.namedChildren[0]) {
      const inner = r.resolve(c.namedChildren[0], depth + 1);
      if (inner.kind === "dict") entries.push(...inner.entries);
    }
  }
  return { kind: "dict", entries, span: spanOf(n) };
}
