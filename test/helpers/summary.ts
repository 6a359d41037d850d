import type { OriginTransform } from "../../server/src/core/model";
import { stringsOf, type OriginCheck, type OriginSummary } from "../../server/src/core/values";

function transform(t: OriginTransform[] | undefined): string {
  return (t ?? [])
    .map((s) =>
      s.kind === "url" || s.kind === "urlparse"
        ? s.part
        : s.kind === "replace"
          ? `replace(${s.from})`
          : s.kind === "split"
            ? `split(${s.separator})[${s.index}]`
            : s.kind,
    )
    .map((s) => s + ":")
    .join("");
}

/** A check as short text: `in [a, b]`, `endswith x`, `regex p`, `hostname:endswith x`, `opaque`. */
export function describeCheck(c: OriginCheck): string {
  switch (c.kind) {
    case "list":
      return `${transform(c.transform)}in [${stringsOf(c.list).join(", ")}]`;
    case "partial":
      return `${transform(c.transform)}${c.method} ${c.value}`;
    case "regex":
      return `${transform(c.transform)}${c.engine} ${c.pattern}`;
    case "opaque":
      return "opaque";
  }
}

/**
 * A summary as short text, one path per `|`: `origin`, `true when endswith x`, `true if !isDev`.
 * `none` when no path allows.
 */
export function describeSummary(s: OriginSummary): string {
  if (s.kind === "unknown") return "unknown";
  if (!s.paths.length) return "none";
  return s.paths
    .map((p) => {
      const a =
        p.answer.kind === "value" ? `value ${stringsOf(p.answer.value).join(",")}` : p.answer.kind;
      const c = p.checks.length ? " when " + p.checks.map(describeCheck).join(" & ") : "";
      const g = p.guards.length
        ? " if " + p.guards.map((x) => (x.whenTrue ? "" : "!") + x.condition).join(" & ")
        : "";
      return a + c + g;
    })
    .join(" | ");
}
