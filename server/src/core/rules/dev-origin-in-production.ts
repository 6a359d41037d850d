import { FRAMEWORK_LABELS } from "../frameworks";
import type { Context, Guard, Policy } from "../model";
import { fix, removeOption } from "../fixes";
import { conditionKind } from "../context";
import { parseOrigin, type OriginInfo } from "../origin-syntax";
import { isListItem, isPlainLiteral, whenUnset } from "./shared";
import { defineRule } from "./types";

/** A localhost or private-network origin is trusted by a production configuration. */
export const devOriginInProduction = defineRule({
  meta: {
    name: "dev-origin-in-production",
    description:
      "Reports localhost and private-network origins trusted by a production CORS configuration.",
    defaultSeverity: "warning",
    fixes: { "remove-origin": ["unsafe"] },
    messages: {
      loopback:
        'Origin "{origin}" is this machine: in production any program listening on a user\'s localhost port can read responses through {framework}{when}.',
      private:
        'Origin "{origin}" is on a private network: in production any device on a user\'s local network can read responses through {framework}{when}.',
    },
    cwe: [942],
    securitySeverity: 4.3,
    references: [
      "https://portswigger.net/web-security/cors#server-generated-acao-header-from-client-specified-origin-header",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    if (!inProduction(policy)) return [];
    return policy.origins.flatMap((o) => {
      if (o.kind !== "exact" || o.transform || developmentBranch(o.guards)) return [];
      const info = parseOrigin(o.value.trim());
      const kind = devKind(info);
      if (!kind) return [];
      const fixes =
        isPlainLiteral(ctx.text, o) && !o.envVar && isListItem(ctx.text, o.span)
          ? [
              fix("remove-origin", `Remove ${o.value}`, "unsafe" as const, [
                removeOption(ctx.text, o.span),
              ]),
            ]
          : [];
      return [
        {
          messageId: kind,
          data: {
            origin: o.value,
            framework: FRAMEWORK_LABELS[policy.framework],
            when: whenUnset(o.envVar),
          },
          span: o.span,
          guards: o.guards,
          fixes,
        },
      ];
    });
  },
});

function devKind(info: OriginInfo): "loopback" | "private" | undefined {
  if (!info.parts) return undefined;
  return info.loopback ? "loopback" : info.privateNetwork ? "private" : undefined;
}

/** The engine hands rules a policy with its context; a bare Policy (unit tests) counts as production. */
function inProduction(policy: Policy): boolean {
  const context = (policy as Policy & { context?: Context }).context;
  return !context || context.kind === "production";
}

/** Whether the innermost guard that says anything about the environment selects a development run. */
function developmentBranch(guards: Guard[] | undefined): boolean {
  for (const g of [...(guards ?? [])].reverse()) {
    const kind = conditionKind(g.condition);
    if (kind) return g.whenTrue ? kind === "development" : kind === "production";
  }
  return false;
}
