import { FRAMEWORK_LABELS } from "../frameworks";
import { defineRule } from "./types";
import { credentialsEnabled } from "../evaluate";
import { publicApiFix, restrictOriginsFix } from "./shared";

/** Any origin may read responses (no credentials involved). */
export const wildcardOrigin = defineRule({
  meta: {
    name: "wildcard-origin",
    description: "Reports CORS configurations that let any website read responses.",
    defaultSeverity: "warning",
    fixes: { "restrict-origins": ["unsafe", "suggestion"], "mark-public-api": ["suggestion"] },
    messages: {
      star: 'Any origin may read responses: {framework} allows "*"{when}.',
      default: "Any origin may read responses: {framework} allows every origin by default{when}.",
      setting: "Any origin may read responses: {framework} is set to allow all origins{when}.",
    },
    cwe: [942],
    securitySeverity: 5.3,
    references: [
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    if (credentialsEnabled(policy)) return []; // wildcard-credentials reports the combination
    return policy.origins.flatMap((o) => {
      if (o.kind !== "any") return [];
      const messageId = o.source === "star" || o.source === "true" ? "star" : o.source;
      return [
        {
          messageId,
          data: {
            framework: FRAMEWORK_LABELS[policy.framework],
            when: o.envVar ? ` when ${o.envVar} is unset` : "",
          },
          span: o.source === "default" ? policy.anchor : o.span,
          guards: o.guards,
          fixes: [
            ...restrictOriginsFix(policy, o, ctx),
            publicApiFix(ctx, o.source === "default" ? policy.anchor : o.span, "wildcard-origin"),
          ],
        },
      ];
    });
  },
});
