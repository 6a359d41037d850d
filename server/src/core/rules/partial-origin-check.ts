import { witness } from "../battery";
import { evaluate } from "../evaluate";
import { fix } from "../fixes";
import { FRAMEWORK_LABELS } from "../frameworks";
import type { Fix, OriginEntry, OriginTransform } from "../model";
import { isPlainLiteral, reaching, whenUnset, withCookies } from "./shared";
import { defineRule, type Report, type RuleContext } from "./types";

const CHECK: Record<Extract<OriginEntry, { kind: "partial-check" }>["method"], string> = {
  endswith: "ends with",
  startswith: "starts with",
  includes: "contains",
  in: "contains",
  indexOf: "contains",
  // `"https://a.com https://b.com".includes(origin)`: the origin is looked up in the text.
  substring: "is part of",
};

/** What a hand-written check compares instead of the origin as sent, by its last step. */
function compared(t: OriginTransform[] | undefined): string | undefined {
  const last = t?.[t.length - 1];
  if (!last) return undefined;
  switch (last.kind) {
    case "url":
    case "urlparse":
      return last.part === "hostname"
        ? "a host name"
        : last.part === "host" || last.part === "netloc"
          ? "a host"
          : `a ${last.part}`;
    case "lower":
    case "upper":
      return "a case-folded form";
    default:
      return "a rewritten form";
  }
}

/** "ends with", or "has a host name that ends with" when the check compares a part of the origin. */
function checkText(o: Extract<OriginEntry, { kind: "partial-check" }>): string {
  const part = compared(o.transform);
  return part ? `has ${part} that ${CHECK[o.method]}` : CHECK[o.method];
}

/** Origin checks by suffix, prefix or substring, and Starlette's `allow_origins` given a str. */
export const partialOriginCheck = defineRule({
  meta: {
    name: "partial-origin-check",
    description:
      "Reports origin checks that test a suffix, prefix or substring instead of the whole origin.",
    defaultSeverity: "warning",
    severityWithCredentials: "error",
    fixes: { "wrap-in-list": ["safe"] },
    messages: {
      partial:
        'The origin check also accepts {witness}{cookies}: {framework} allows any origin that {check} "{value}"{when}.',
      substring:
        "The origin check also accepts {witness}{cookies}: {framework} was given a string instead of a list, so 'origin in \"{value}\"' is a substring test{when}.",
    },
    cwe: [942, 183],
    securitySeverity: 7.5,
    references: [
      "https://portswigger.net/web-security/cors#errors-parsing-origin-headers",
      "https://www.starlette.io/middleware/#corsmiddleware",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    return policy.origins.flatMap((o): Report<"substring" | "partial", "wrap-in-list">[] => {
      const substring = o.kind === "exact" && o.match === "substring";
      if (o.kind !== "partial-check" && !substring) return [];
      // null-origin reports `null` passing a substring test.
      const w = witness(policy, o, {}, ["null"]);
      if (!w) return [];
      const readable = evaluate(policy, w).readableWithCredentials;
      return [
        {
          messageId: substring ? "substring" : "partial",
          data: {
            witness: w,
            cookies: withCookies(readable),
            framework: FRAMEWORK_LABELS[policy.framework],
            check: o.kind === "partial-check" ? checkText(o) : "",
            value: o.kind === "partial-check" || o.kind === "exact" ? o.value : "",
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          withCredentials: readable,
          fixes: substring ? listFix(o, ctx) : [],
        },
      ];
    });
  },
});

/**
 * "Wrap the string in a list" (comma- or space-separated strings become several items): the origins
 * written keep working and only the substring matches go. Not offered for environment defaults,
 * where the variable's own value would stay a string.
 */
function listFix(o: OriginEntry, ctx: RuleContext): Fix<"wrap-in-list">[] {
  if (o.kind !== "exact" || o.envVar || !isPlainLiteral(ctx.text, o)) return [];
  const q = /^[rRbBuUfF]*(['"])/.exec(ctx.text.slice(o.span.start, o.span.end))?.[1] ?? '"';
  const items = o.value.split(/[\s,]+/).filter(Boolean);
  if (items.some((i) => i.includes(q) || i.includes("\\"))) return [];
  const list = "[" + items.map((i) => `${q}${i}${q}`).join(", ") + "]";
  const wrap = reaching(
    fix("wrap-in-list", "Wrap the origin in a list", "safe", [{ ...o.span, newText: list }]),
    items,
  );
  // Origins the substring test let through (parts of the string) are refused from now on.
  return [{ ...wrap, affects: { origins: items, substringsOf: [o.value] } }];
}
