import { dirname, relative } from "node:path";
import { MarkupKind, type Hover } from "vscode-languageserver";
import type { PolicyInfo } from "../core/analyze";
import { battery, isIntended, targetOf, type Target } from "../core/battery";
import { evaluate } from "../core/evaluate";
import type { Policy, Span } from "../core/model";
import { describePolicy, policySpans } from "./describe";
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

/** The configuration at an offset, and the smallest of its spans that holds the offset. */
export function policyAt(
  result: FileResult,
  offset: number,
): { policy: PolicyInfo; span: Span } | undefined {
  let best: { policy: PolicyInfo; span: Span } | undefined;
  for (const policy of result.analysis.policies) {
    for (const span of policySpans(policy)) {
      if (span.start > offset || offset > span.end) continue;
      if (!best || span.end - span.start < best.span.end - best.span.start) best = { policy, span };
    }
  }
  return best;
}

/** Rows shown at most; origins that get through come first. */
const MAX_ROWS = 10;
/** Rows shown when every origin gets through (the rest says nothing new). */
const ALL_THROUGH_ROWS = 4;

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
  rows.sort((a, b) => Number(b.reads) - Number(a.reads) || Number(b.cookies) - Number(a.cookies));
  const through = rows.filter((r) => r.reads).length;
  const summary =
    through === rows.length
      ? `All ${rows.length} attacker origins tried get through.`
      : through
        ? `${through} of ${rows.length} attacker origins tried get through.`
        : `None of the ${rows.length} attacker origins tried gets through.`;
  const shown = rows.slice(0, through === rows.length ? ALL_THROUGH_ROWS : MAX_ROWS);
  const yes = (b: boolean): string => (b ? "**yes**" : "no");
  const lines = [summary, "", "| Attacker origin | Reads | With cookies |", "|---|---|---|"];
  for (const r of shown) lines.push(`| \`${r.origin}\` | ${yes(r.reads)} | ${yes(r.cookies)} |`);
  if (rows.length > shown.length) lines.push(`| ${rows.length - shown.length} more | | |`);
  return lines.join("\n");
}

/** The hover for a position on a CORS configuration or on one of its options written elsewhere. */
export function policyHover(result: FileResult, offset: number): Hover | null {
  const hit = policyAt(result, offset);
  if (!hit) return null;
  const { policy } = hit;
  const w = describePolicy(policy, (s) => "`" + s.replace(/`/g, "'") + "`");
  const cookies = policy.credentials?.value ? ", with cookies" : "";
  // The verdict and the attacker table first (they fit above the fold), the policy's details after.
  const lines = [
    `**CORS policy** (${w.framework}): **${w.whoMayRead}** may read responses${cookies}`,
  ];
  const table = batteryTable(policy, result.config.config.productionOrigins);
  if (table) lines.push("", table);
  lines.push(
    "",
    "---",
    "",
    `- **Who may read responses:** ${w.whoMayRead}`,
    ...(w.origins.length > 1 || (w.origins[0] && w.origins[0] !== w.whoMayRead)
      ? w.origins.map((o) => `  - ${o}`)
      : []),
    `- **Cookies:** ${w.credentials}`,
    `- **Methods:** ${w.methods}`,
    `- **Request headers:** ${w.allowHeaders}`,
    `- **Exposed headers:** ${w.exposeHeaders}`,
    `- **Context:** ${markdownText(w.context)}`,
    ...(policy.files?.length
      ? [
          `- **Built from:** this file and ${policy.files
            .map((f) => "`" + relative(dirname(result.path), f).replace(/\\/g, "/") + "`")
            .join(", ")}`,
        ]
      : []),
    ...(policy.inferred
      ? [`- **Framework:** inferred from the options' shape (${policy.inferred} read them alike)`]
      : []),
  );
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join("\n") },
    range: result.map.range(hit.span),
  };
}

/**
 * Plain text (a context reason quoting code such as `__DEV__` or `a*b`) shown literally inside
 * markdown: every character markdown could read as syntax is backslash-escaped.
 */
export function markdownText(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, "\\$&");
}
