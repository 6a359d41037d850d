import { FRAMEWORK_LABELS } from "../frameworks";
import type { Fix, OriginEntry } from "../model";
import { fix, removeOption, replaceString } from "../fixes";
import { parseOrigin, pythonSchemeNetloc } from "../origin-syntax";
import { isListItem, isPlainLiteral, reaching, whenUnset } from "./shared";
import { defineRule, type RuleContext } from "./types";

type ExactEntry = Extract<OriginEntry, { kind: "exact" }>;

/** The `null` origin (sandboxed iframes, data: and file: documents, redirects) is allowed. */
export const nullOrigin = defineRule({
  meta: {
    name: "null-origin",
    description:
      'Reports CORS configurations that allow the "null" origin, which any website can send.',
    defaultSeverity: "warning",
    severityWithCredentials: "error",
    fixes: { "remove-origin": ["unsafe"], "add-scheme": ["suggestion"] },
    messages: {
      literal:
        'Any website may read responses{credentials}: {framework} allows the "null" origin, which a sandboxed iframe on any page sends{when}.',
      substring:
        'Any website may read responses{credentials}: {framework} tests \'origin in "{origin}"\' on a string, so the "null" origin passes{when}.',
      schemeless:
        'Any website may read responses{credentials}: "{origin}" has no scheme, so {framework} matches it against the "null" origin a sandboxed iframe sends{when}.',
    },
    cwe: [942, 346],
    securitySeverity: 6.5,
    references: [
      "https://portswigger.net/web-security/cors#whitelisted-null-origin-value",
      "https://fetch.spec.whatwg.org/#origin-header",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    const credentials = policy.credentials?.value === true;
    return policy.origins.flatMap((o) => {
      // A value compared after a transform (a host name) is not an origin as written.
      if (o.kind !== "exact" || o.transform) return [];
      const messageId = nullKind(o);
      if (!messageId) return [];
      return [
        {
          messageId,
          data: {
            origin: o.value,
            framework: FRAMEWORK_LABELS[policy.framework],
            credentials: credentials ? " with the user's cookies" : "",
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          withCredentials: credentials,
          fixes: fixesFor(o, messageId, ctx),
        },
      ];
    });
  },
});

/** Whether (and why) an exact entry lets the `null` origin through. */
function nullKind(o: ExactEntry): NullKind | undefined {
  switch (o.match) {
    case "substring":
      return o.value.includes("null") ? (o.value === "null" ? "literal" : "substring") : undefined;
    case "exact-ci":
      return o.value.toLowerCase() === "null" ? "literal" : undefined;
    case "scheme-host": {
      if (o.value === "null") return "literal";
      // django-cors-headers compares urlsplit() parts; `null` splits to an empty scheme and netloc.
      const { scheme, netloc } = pythonSchemeNetloc(o.value);
      return !scheme && !netloc ? "schemeless" : undefined;
    }
    default:
      return o.value === "null" ? "literal" : undefined;
  }
}

type NullKind = "literal" | "substring" | "schemeless";

function fixesFor(
  o: ExactEntry,
  kind: NullKind,
  ctx: RuleContext,
): Fix<"remove-origin" | "add-scheme">[] {
  if (!isPlainLiteral(ctx.text, o)) return [];
  if (kind === "literal") {
    if (o.envVar || !isListItem(ctx.text, o.span)) return [];
    return [
      fix("remove-origin", 'Remove the "null" origin', "unsafe", [removeOption(ctx.text, o.span)]),
    ];
  }
  if (kind === "schemeless") {
    const host = o.value.trim();
    if (!/^[\w.-]+(:\d+)?$/.test(host)) return [];
    const scheme = parseOrigin(`http://${host}`).loopback ? "http" : "https";
    const edit = replaceString(ctx.text, o.span, o.value, `${scheme}://${host}`);
    return edit
      ? [
          reaching(fix("add-scheme", `Add ${scheme}://`, "suggestion", [edit]), [
            `${scheme}://${host}`,
          ]),
        ]
      : [];
  }
  return [];
}
