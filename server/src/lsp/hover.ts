import { MarkupKind, type Hover } from "vscode-languageserver";
import type { PolicyInfo } from "../core/analyze";
import { battery, isIntended, targetOf, type Target } from "../core/battery";
import { evaluate } from "../core/evaluate";
import type { Policy } from "../core/model";
import { describePolicy } from "./describe";
import type { FileResult } from "./results";

/** The domain the battery aims at: the policy's first entry that names one, else a production origin. */
export function hoverTarget(policy: Policy, productionOrigins: string[]): Target | undefined {
  for (const o of policy.origins) {
    const t = targetOf(o);
    if (t) return t;
  }
  const m = /^(https?):\/\/([^/:]+)/.exec(productionOrigins[0] ?? "");
  return m ? { host: m[2], schemes: [m[1]] } : undefined;
}

/** The policy whose span holds the offset (the innermost when nested). */
export function policyAt(result: FileResult, offset: number): PolicyInfo | undefined {
  const hits = result.analysis.policies.filter(
    (p) => p.span.start <= offset && offset <= p.span.end,
  );
  hits.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  return hits[0];
}

/** Rows shown at most; origins that get through come first. */
const MAX_ROWS = 12;

/** The markdown table of the attacker's battery, or undefined if evaluate() fails on this policy. */
export function batteryTable(policy: Policy, productionOrigins: string[]): string | undefined {
  const target = hoverTarget(policy, productionOrigins);
  let rows: { origin: string; reads: boolean; cookies: boolean }[];
  try {
    rows = battery(target)
      .filter((origin) => !isIntended(origin, target))
      .map((origin) => {
        const v = evaluate(policy, origin);
        return { origin, reads: v.allowed, cookies: v.readableWithCredentials };
      });
  } catch {
    return undefined;
  }
  rows.sort((a, b) => Number(b.reads) - Number(a.reads));
  const shown = rows.slice(0, MAX_ROWS);
  const yes = (b: boolean): string => (b ? "**yes**" : "no");
  const lines = ["| Attacker origin | Reads | With cookies |", "|---|---|---|"];
  for (const r of shown) lines.push(`| \`${r.origin}\` | ${yes(r.reads)} | ${yes(r.cookies)} |`);
  const rest = rows.slice(MAX_ROWS);
  if (rest.length) {
    const through = rest.filter((r) => r.reads).length;
    lines.push(`| ${rest.length} more | ${through ? `${through} get through` : "blocked"} | |`);
  }
  return lines.join("\n");
}

/** The hover for a position inside a CORS configuration. */
export function policyHover(result: FileResult, offset: number): Hover | null {
  const policy = policyAt(result, offset);
  if (!policy) return null;
  const w = describePolicy(policy);
  const lines = [
    `**CORS policy** (${w.framework})`,
    "",
    `- **Who may read responses:** ${w.whoMayRead}`,
    ...(w.origins.length > 1 || (w.origins[0] && w.origins[0] !== w.whoMayRead)
      ? w.origins.map((o) => `  - ${o}`)
      : []),
    `- **Cookies:** ${w.credentials}`,
    `- **Methods:** ${w.methods}`,
    `- **Request headers:** ${w.allowHeaders}`,
    `- **Exposed headers:** ${w.exposeHeaders}`,
    `- **Context:** ${w.context}`,
  ];
  const table = batteryTable(policy, result.config.config.productionOrigins);
  if (table) lines.push("", "**What an attacker's origin gets**", "", table);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join("\n") },
    range: result.map.range(policy.span),
  };
}
