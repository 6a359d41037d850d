import { FRAMEWORK_LABELS } from "../frameworks";
import { isPlaceholderHost, parseOrigin } from "../origin-syntax";
import { whenUnset } from "./shared";
import { defineRule } from "./types";

/** An origin on a reserved placeholder name: the real frontend was never filled in. */
export const placeholderOrigin = defineRule({
  meta: {
    name: "placeholder-origin",
    description:
      "Reports allowed origins on a reserved placeholder name (.example, .invalid) that no site can have.",
    defaultSeverity: "warning",
    fixes: {},
    messages: {
      placeholder:
        'Origin "{origin}" is a placeholder: {host} is a reserved name no site can have, so {framework} refuses the frontend meant to be here{when}.',
    },
    cwe: [1188],
    securitySeverity: 2.0,
    references: [
      "https://www.rfc-editor.org/rfc/rfc2606#section-2",
      "https://www.rfc-editor.org/rfc/rfc6761#section-6.5",
    ],
  },
  check(policy, ctx) {
    return policy.origins.flatMap((o) => {
      if (o.kind !== "exact") return [];
      const host = parseOrigin(o.value.trim()).parts?.host;
      if (!host || !isPlaceholderHost(host)) return [];
      if (ctx.config.productionOrigins.includes(o.value.trim())) return [];
      return [
        {
          messageId: "placeholder",
          data: {
            origin: o.value,
            host,
            framework: FRAMEWORK_LABELS[policy.framework],
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          fixes: [],
        },
      ];
    });
  },
});
