import { evaluate, UNRELATED_ORIGIN } from "../evaluate";
import { FRAMEWORK_LABELS } from "../frameworks";
import type { Policy } from "../model";
import {
  dropCredentialsFix,
  explicitOriginsFix,
  insertOriginsFix,
  isDefaultEntry,
  whenUnset,
  withCookies,
} from "./shared";
import { defineRule, type RuleContext } from "./types";

const HOW = {
  true: '"origin: true"',
  "identity-function": "a function that returns the origin it is given",
  "always-true-callback": "a callback that allows every origin",
  "echo-header": "the request's Origin header copied into Access-Control-Allow-Origin",
  "request-data": "request data copied into Access-Control-Allow-Origin",
} as const;

/** Frameworks whose reflecting entry is a header value (a string), not an origin option (a list). */
const HEADER_FRAMEWORKS = new Set<Policy["framework"]>([
  "python-headers",
  "js-headers",
  "nextjs-headers",
]);

function restrictTitle(ctx: RuleContext): string {
  const origins = ctx.config.productionOrigins;
  return origins.length ? `Allow only ${origins.join(", ")}` : "Add an explicit origin list";
}

function restrictApplicability(ctx: RuleContext): "unsafe" | "suggestion" {
  return ctx.config.productionOrigins.length ? "unsafe" : "suggestion";
}

/** The request's Origin echoed back without a real check. */
export const reflectedOrigin = defineRule({
  meta: {
    name: "reflected-origin",
    description:
      "Reports CORS configurations that echo the request's Origin header back without checking it.",
    defaultSeverity: "warning",
    severityWithCredentials: "error",
    fixes: {
      "restrict-origins": ["unsafe", "suggestion"],
      "explicit-origins": ["unsafe", "suggestion"],
      "drop-credentials": ["unsafe"],
    },
    messages: {
      reflected:
        "Any website can read responses{cookies}: {framework} echoes every request's origin back through {how}{when}.",
      requestData:
        "Any website can read responses{cookies}: {framework} sets Access-Control-Allow-Origin from {source}, which the requester chooses, so any origin gets itself back{when}.",
    },
    cwe: [942, 346],
    securitySeverity: 7.5,
    references: [
      "https://portswigger.net/web-security/cors#server-generated-acao-header-from-client-specified-origin-header",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    const verdict = evaluate(policy, UNRELATED_ORIGIN);
    return policy.origins.flatMap((o) => {
      if (o.kind !== "reflect" || !verdict.allowed) return [];
      const readable = verdict.readableWithCredentials;
      const asList = !HEADER_FRAMEWORKS.has(policy.framework);
      return [
        {
          messageId: o.requestData ? "requestData" : "reflected",
          data: {
            source: o.requestData ?? "",
            framework: FRAMEWORK_LABELS[policy.framework],
            how: isDefaultEntry(policy, o) ? `its default ${HOW[o.reason]}` : HOW[o.reason],
            cookies: withCookies(readable),
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          withCredentials: readable,
          fixes: [
            ...(isDefaultEntry(policy, o)
              ? insertOriginsFix(policy, ctx, restrictTitle(ctx), restrictApplicability(ctx))
              : [explicitOriginsFix(o.span, ctx, asList)]),
            ...(readable ? dropCredentialsFix(policy, ctx) : []),
          ],
        },
      ];
    });
  },
});
