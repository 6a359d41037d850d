import { isSharedHosting, targetOf, witness, type Target } from "../battery";
import { evaluate } from "../evaluate";
import { fix } from "../fixes";
import { FRAMEWORK_LABELS } from "../frameworks";
import type { Fix, OriginEntry } from "../model";
import { compileOriginRegex, isSupported, skeleton } from "../regex";
import { anchoredPattern, patternEdit, whenUnset, type PatternPlan } from "./shared";
import { defineRule, type Report, type RuleContext } from "./types";

type RegexEntry = Extract<OriginEntry, { kind: "regex" }>;

const ENGINE_NOTE: Record<RegexEntry["engine"], string> = {
  search: 'tests it with RegExp.test, which matches anywhere, so it needs both "^" and "$"',
  match: 'runs it with re.match, which anchors only the start, so it needs "$"',
  fullmatch: "runs it with re.fullmatch",
  glob: 'reads "*" as "anything"',
};

/** Origin regexes that accept origins outside the domain they were written for. */
export const permissiveOriginRegex = defineRule({
  meta: {
    name: "permissive-origin-regex",
    description: "Reports origin patterns that also accept origins outside the intended domain.",
    defaultSeverity: "warning",
    severityWithCredentials: "error",
    fixes: { "pin-deployment": ["suggestion"], "anchor-pattern": ["unsafe"] },
    messages: {
      anchor:
        'Origin pattern "{pattern}" also accepts {witness}{cookies}: {framework} {engineNote}{when}.',
      dot: 'Origin pattern "{pattern}" also accepts {witness}{cookies}: an unescaped "." matches any character, and {framework} {engineNote}{when}.',
      wildcard:
        'Origin pattern "{pattern}" also accepts {witness}{cookies}: ".*" or ".+" can span a dot into another domain ({framework}){when}.',
      shared:
        'Origin pattern "{pattern}" also accepts {witness}{cookies}: anyone can publish a site on a subdomain of {host} ({framework}){when}.',
      implicit:
        'Origin "{pattern}" also accepts {witness}{cookies}: flask-cors reads a string holding "*", "?", "[", "(", "$" or "^" as a regular expression, matched with re.match ignoring case{when}.',
      any: 'Origin pattern "{pattern}" accepts any origin, such as {witness}{cookies} ({framework}){when}.',
    },
    cwe: [942, 185],
    securitySeverity: 7.5,
    references: [
      "https://portswigger.net/web-security/cors#errors-parsing-origin-headers",
      "https://docs.python.org/3/library/re.html#re.match",
      "https://cwe.mitre.org/data/definitions/185.html",
    ],
  },
  check(policy, ctx) {
    return policy.origins.flatMap((o): Report<Reason, FixKind>[] => {
      if (o.kind !== "regex") return [];
      const w = witness(policy, o);
      if (!w) return [];
      const target = targetOf(o);
      const readable = evaluate(policy, w).readableWithCredentials;
      const messageId = reasonOf(o, target, w);
      return [
        {
          messageId,
          data: {
            pattern: o.pattern,
            witness: w,
            cookies: readable ? " with the user's cookies" : "",
            framework: FRAMEWORK_LABELS[policy.framework],
            engineNote: ENGINE_NOTE[o.engine],
            host: target?.host ?? "",
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          withCredentials: readable,
          fixes: fixesFor(o, target, messageId, ctx),
        },
      ];
    });
  },
});

/** Why the witness gets through, from the most specific cause to the most general. */
/** Why a pattern is too permissive: the message id of its finding. */
type Reason = "implicit" | "any" | "shared" | "anchor" | "dot" | "wildcard";

/** The fixes this rule offers. */
type FixKind = "pin-deployment" | "anchor-pattern";

function reasonOf(o: RegexEntry, target: Target | undefined, w: string): Reason {
  if (o.implicit) return "implicit";
  if (!target) return "any";
  if (isSharedHosting(target.host) && w.endsWith("." + target.host)) return "shared";
  const r = compileOriginRegex(o.pattern, o.flags, o.engine);
  if (isSupported(r) && o.engine !== "fullmatch" && !r.fullTest(w)) return "anchor";
  const t = target.host;
  for (let i = t.indexOf("."); i >= 0; i = t.indexOf(".", i + 1)) {
    if (w.endsWith(`://${t.slice(0, i)}x${t.slice(i + 1)}`)) return "dot";
  }
  return "wildcard";
}

/** What the author meant, read from the pattern: schemes, host, subdomains, port. */
function planOf(o: RegexEntry, target: Target): PatternPlan | undefined {
  const r = compileOriginRegex(o.pattern, o.flags, o.engine);
  if (!isSupported(r)) return undefined;
  const sk = skeleton(r.ast).toLowerCase();
  const at = sk.lastIndexOf(target.host);
  if (at < 0) return undefined;
  const before = sk.slice(0, at).replace(/^\0*[a-z]+:\/*/, "");
  // Ports are read from the raw text: an optional `:*` or `(:\d+)?` vanishes from the skeleton.
  const label = target.host.split(".").pop()!;
  const after = o.pattern.slice(o.pattern.toLowerCase().lastIndexOf(label) + label.length);
  const port = /^:(\d+)/.exec(after)?.[1] ?? (/^\(?(\?:)?:/.test(after) ? "any" : undefined);
  return {
    host: target.host,
    schemes: /https\?/.test(o.pattern)
      ? ["http", "https"]
      : /^\W*http:/.test(o.pattern)
        ? ["http"]
        : ["https"],
    subdomains: before.includes("\0"),
    ...(port ? { port } : {}),
  };
}

function fixesFor(
  o: RegexEntry,
  target: Target | undefined,
  reason: Reason,
  ctx: RuleContext,
): Fix<FixKind>[] {
  if (!target || reason === "any") return [];
  if (reason === "shared") {
    const pattern = anchoredPattern({
      host: `my-app.${target.host}`,
      schemes: ["https"],
      subdomains: false,
    });
    const edit = patternEdit(ctx.text, o.span, pattern);
    return edit
      ? [fix("pin-deployment", `Allow only one deployment: ${pattern}`, "suggestion", [edit])]
      : [];
  }
  const plan = planOf(o, target);
  if (!plan) return [];
  const pattern = anchoredPattern(plan);
  const edit = patternEdit(ctx.text, o.span, pattern);
  return edit
    ? [
        fix("anchor-pattern", `Anchor the pattern and escape its dots: ${pattern}`, "unsafe", [
          edit,
        ]),
      ]
    : [];
}
