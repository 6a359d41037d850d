import { FRAMEWORK_LABELS } from "../frameworks";
import { fix, replaceString } from "../fixes";
import { parseOrigin } from "../origin-syntax";
import { whenUnset } from "./shared";
import { defineRule } from "./types";

/** A plain-http origin on the public network is trusted. */
export const insecureOrigin = defineRule({
  meta: {
    name: "insecure-origin",
    description:
      "Reports trusted origins served over plain http from a host other than this machine.",
    defaultSeverity: "warning",
    fixes: { "use-https": ["unsafe"] },
    messages: {
      http: 'Origin "{origin}" is plain http: anyone on the network path can inject script into that page and read the responses {framework} shares with it{when}.',
    },
    cwe: [319, 942],
    securitySeverity: 4.8,
    references: [
      "https://portswigger.net/web-security/cors#breaking-tls-with-poorly-configured-cors",
      "https://cwe.mitre.org/data/definitions/319.html",
    ],
  },
  check(policy, ctx) {
    return policy.origins.flatMap((o) => {
      // A value compared after a transform (a host name) is not an origin as written.
      if (o.kind !== "exact" || o.transform) return [];
      const info = parseOrigin(o.value);
      // Private-network hosts are development machines: dev-origin-in-production reports them.
      if (!info.plainHttp || info.loopback || info.privateNetwork || !info.parts) return [];
      let secure = o.value.replace(/^(\s*)http:/i, "$1https:");
      // `http://host:443` becomes `https://host`: browsers leave out https's default port.
      const after = parseOrigin(secure);
      if (after.problems.join() === "default-port" && after.normalised) secure = after.normalised;
      const title = "Replace http:// with https://";
      const edit = replaceString(ctx.text, o.span, o.value, secure);
      const fixes = edit && !o.pieces ? [fix("use-https", title, "unsafe", [edit])] : [];
      return [
        {
          messageId: "http",
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
