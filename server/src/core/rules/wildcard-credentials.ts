import { anyOriginWithCredentials, credentialsEnabled } from "../evaluate";
import { FRAMEWORK_LABELS } from "../frameworks";
import type { Related } from "../model";
import { dropCredentialsFix, restrictOriginsFix, whenUnset } from "./shared";
import { defineRule } from "./types";

/** Any origin allowed together with credentials: exploitable when reflected, broken when `*` is sent. */
export const wildcardCredentials = defineRule({
  meta: {
    name: "wildcard-credentials",
    description:
      "Reports CORS configurations that allow every origin together with credentials (cookies).",
    defaultSeverity: "error",
    fixes: { "restrict-origins": ["unsafe", "suggestion"], "drop-credentials": ["unsafe"] },
    messages: {
      reflect:
        'Any website can read responses with the user\'s cookies: {framework} answers every origin by echoing it back together with "Access-Control-Allow-Credentials: true"{when}.',
      star: 'Credentialed requests fail: {framework} sends "Access-Control-Allow-Origin: *" together with credentials, which browsers refuse, so no website (yours included) can read responses with cookies{when}.',
      error: '{framework} raises on every request: it refuses "*" together with credentials{when}.',
    },
    // Broken, not exploitable: the browser (or the middleware) refuses the combination.
    messageSeverity: {
      star: { severity: "warning", securitySeverity: 3.1 },
      error: { severity: "warning", securitySeverity: 3.1 },
    },
    cwe: [942, 346],
    securitySeverity: 8.1,
    references: [
      "https://portswigger.net/web-security/cors",
      "https://fetch.spec.whatwg.org/#cors-protocol-and-credentials",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
  },
  check(policy, ctx) {
    if (!credentialsEnabled(policy)) return [];
    const answer = anyOriginWithCredentials(policy);
    if (!answer) return [];
    const related: Related[] = policy.credentials
      ? [{ span: policy.credentials.span, message: "credentials are enabled here" }]
      : [];
    return policy.origins.flatMap((o) => {
      if (o.kind !== "any") return [];
      const span = o.source === "default" ? policy.anchor : o.span;
      return [
        {
          messageId: answer,
          data: { framework: FRAMEWORK_LABELS[policy.framework], when: whenUnset(o.envVar) },
          span,
          guards: o.guards,
          withCredentials: answer === "reflect",
          fixes: [
            ...restrictOriginsFix(policy, o, ctx),
            ...dropCredentialsFix(policy, ctx, ["wildcard-origin"]),
          ],
          related,
        },
      ];
    });
  },
});
