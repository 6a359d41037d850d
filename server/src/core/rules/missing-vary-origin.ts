import { battery, targetOf } from "../battery";
import { evaluate, UNRELATED_ORIGIN } from "../evaluate";
import { fix } from "../fixes";
import { FRAMEWORK_LABELS, type Fix, type OriginEntry, type Policy, type Span } from "../model";
import type { Rule, RuleContext } from "./types";

const HOW: Partial<Record<Policy["framework"], string>> = {
  "aiohttp-cors": "aiohttp-cors never sends it",
  falcon: "Falcon CORSMiddleware never sends it",
};

/** An echoed, varying Access-Control-Allow-Origin without `Vary: Origin`. */
export const missingVaryOrigin: Rule = {
  meta: {
    name: "missing-vary-origin",
    description:
      "Reports CORS responses that echo varying origins without `Vary: Origin`, so caches mix them up.",
    defaultSeverity: "warning",
    fixes: ["safe"],
    messages: {
      missing:
        "Caches may serve one origin's CORS response to another: {framework} echoes the request's origin (e.g. {a} and {b}) without `Vary: Origin`{how}.",
    },
    cwe: [524],
    securitySeverity: 4.3,
    references: [
      "https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches",
      "https://portswigger.net/research/exploiting-cors-misconfigurations-for-bitcoins-and-bounties",
    ],
  },
  check(policy, ctx) {
    const echoed: { origin: string; via?: OriginEntry }[] = [];
    for (const origin of probes(policy)) {
      const v = evaluate(policy, origin, { request: "simple" });
      if (v.vary || v.allowOriginHeader !== origin) continue;
      echoed.push({ origin, via: v.via });
      if (echoed.length === 2) break;
    }
    if (echoed.length < 2) return [];
    const via = echoed[0].via;
    const span = via ? via.span : policy.anchor;
    const how = HOW[policy.framework];
    return [
      {
        messageId: "missing",
        data: {
          framework: FRAMEWORK_LABELS[policy.framework],
          a: echoed[0].origin,
          b: echoed[1].origin,
          how: how ? ` (${how})` : "",
        },
        span,
        guards: via?.guards,
        fixes: via ? varyFix(ctx, via.span) : [],
      },
    ];
  },
};

/** Origins worth asking about: an unrelated one, every configured value, and each entry's battery. */
function probes(policy: Policy): string[] {
  const out = [UNRELATED_ORIGIN, "https://other.example"];
  for (const e of policy.origins) {
    if (e.kind === "exact") out.push(e.value);
    out.push(...battery(targetOf(e)));
  }
  return [...new Set(out)];
}

/**
 * "Add `Vary: Origin`": clones the statement or dict entry that sets Access-Control-Allow-Origin from
 * the echoed value into one that sets `Vary` to `Origin`, on the next line.
 */
function varyFix(ctx: RuleContext, value: Span): Fix[] {
  const { text } = ctx;
  const lineStart = text.lastIndexOf("\n", value.start - 1) + 1;
  const nl = text.indexOf("\n", value.end);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd);
  const name = /(['"`])Access-Control-Allow-Origin\1/i.exec(line);
  if (!name || (line.match(/Access-Control-/gi) ?? []).length !== 1) return [];
  const relStart = value.start - lineStart;
  const relEnd = value.end - lineStart;
  if (name.index + name[0].length > relStart) return [];
  const q = name[1];
  const cloned =
    line.slice(0, name.index) +
    `${q}Vary${q}` +
    line.slice(name.index + name[0].length, relStart) +
    `${q}Origin${q}` +
    line.slice(relEnd);
  return [
    fix("Add `Vary: Origin`", "safe", [{ start: lineEnd, end: lineEnd, newText: "\n" + cloned }]),
  ];
}
