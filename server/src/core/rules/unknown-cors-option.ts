import { fix, removeOption } from "../fixes";
import { FRAMEWORK_LABELS, frameworkOf } from "../frameworks";
import type { Fix, OptionRef, Policy } from "../model";
import { defineRule, type Report, type RuleContext } from "./types";

/** An option name the middleware does not read. */
export const unknownCorsOption = defineRule({
  meta: {
    name: "unknown-cors-option",
    description:
      "Reports CORS options the middleware does not know, which crash the app or are silently ignored.",
    defaultSeverity: "warning",
    fixes: { "remove-option": ["safe", "unsafe"], "rename-option": ["unsafe"] },
    messages: {
      crash:
        '"{name}" is not an option of {framework}: the app fails to start with a {error}.{hint}',
      ignored:
        '"{name}" is not an option of {framework}, which silently ignores it: the setting has no effect.{hint}',
    },
    cwe: [1173],
    securitySeverity: 3.1,
    references: [
      "https://www.starlette.io/middleware/#corsmiddleware",
      "https://flask-cors.readthedocs.io/en/latest/api.html",
      "https://github.com/adamchainz/django-cors-headers#configuration",
      "https://github.com/expressjs/cors#configuration-options",
    ],
  },
  check(policy, ctx) {
    const descriptor = frameworkOf(policy.framework);
    const known = descriptor.options?.names;
    const behaviour = descriptor.unknownOption;
    if (!known || !behaviour) return [];
    const out: Report<"crash" | "ignored", FixKind>[] = [];
    for (const opt of policy.options) {
      if (known.includes(opt.name) || descriptor.isCandidateOption?.(opt.name) === false) continue;
      const suggestion = closestOption(opt.name, known);
      out.push({
        messageId: behaviour.effect,
        data: {
          name: opt.name,
          framework: FRAMEWORK_LABELS[policy.framework],
          error: behaviour.error ?? "",
          hint: suggestion ? ` Did you mean "${suggestion}"?` : "",
        },
        span: opt.span,
        fixes: fixesFor(policy, opt, suggestion, behaviour.effect, ctx),
      });
    }
    return out;
  },
});

/** The fixes this rule offers. */
type FixKind = "remove-option" | "rename-option";

/**
 * Renaming makes the intended option take effect, which changes behaviour: unsafe. When the real
 * option is already there, renaming would repeat it; removing an ignored option changes nothing
 * (safe), removing one that stops the app from starting does (unsafe).
 */
function fixesFor(
  policy: Policy,
  opt: OptionRef,
  suggestion: string | undefined,
  effect: "crash" | "ignored",
  ctx: RuleContext,
): Fix<FixKind>[] {
  if (!suggestion) return [];
  if (policy.options.some((o) => o.name === suggestion)) {
    if (!opt.valueSpan || policy.framework === "django-cors-headers") return [];
    const whole = { start: opt.span.start, end: opt.valueSpan.end };
    const applicability = effect === "ignored" ? "safe" : "unsafe";
    const title = `Remove "${opt.name}" ("${suggestion}" is already set)`;
    // An ignored option changes no answer when it goes.
    return [
      {
        ...fix("remove-option", title, applicability, [removeOption(ctx.text, whole)]),
        affects: { origins: [] },
      },
    ];
  }
  const written = ctx.text.slice(opt.span.start, opt.span.end);
  const quote = /^['"`]/.exec(written)?.[0] ?? "";
  // A shorthand property (`{ allowOrigin }`) keeps its value: `{ origin: allowOrigin }`.
  const shorthand = opt.valueSpan?.start === opt.span.start && opt.valueSpan.end === opt.span.end;
  const newText = shorthand ? `${suggestion}: ${written}` : quote + suggestion + quote;
  return [fix("rename-option", `Rename to "${suggestion}"`, "unsafe", [{ ...opt.span, newText }])];
}

/** Tokens that say little about which option was meant. */
const FILLER = new Set([
  "allow",
  "allowed",
  "allows",
  "cors",
  "access",
  "control",
  "enable",
  "enabled",
  "is",
  "use",
]);

/**
 * The known option a misspelt name most likely meant: a small edit distance on the lowercase name
 * without separators, else the closest option sharing a meaningful word
 * (`supports_credentials` -> `allow_credentials`).
 */
export function closestOption(name: string, known: readonly string[]): string | undefined {
  const flat = (s: string) => s.toLowerCase().replace(/[_-]/g, "");
  const target = flat(name);
  // flask-cors knows `supports_credentials` and `CORS_SUPPORTS_CREDENTIALS`: keep the style.
  const upper = (s: string) => /^[A-Z0-9_]+$/.test(s);
  const sameStyle = known.filter((k) => upper(k) === upper(name));
  const scored = (sameStyle.length ? sameStyle : known)
    .map((k) => ({ k, d: distance(target, flat(k)) }))
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
  const limit = Math.max(2, Math.floor(target.length / 4));
  if (scored.length && scored[0].d <= limit) return scored[0].k;
  const words = new Set(wordsOf(name).filter((w) => !FILLER.has(w)));
  return scored.find((s) => wordsOf(s.k).some((w) => words.has(w)))?.k;
}

/** Lowercase words of a snake_case, kebab-case or camelCase name, singular. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_\-\s]+/)
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith("s") ? w.slice(0, -1) : w));
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
