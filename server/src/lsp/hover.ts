import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { PolicyInfo } from '../core/analyze';
import { evaluate } from '../core/evaluate';
import type { Policy } from '../core/model';
import { describePolicy } from './describe';
import type { FileResult } from './results';

/** One origin of the attacker's battery and what it tries. */
export interface Probe {
  origin: string;
  trick: string;
}

/**
 * The attacker's battery for a target host (shared/CORS-RULES.md): what dynamic scanners try.
 * Used until core/battery.ts lands; the hover only needs origins and their names.
 */
export function attackerBattery(target: string): Probe[] {
  const host = target.replace(/^[a-z]+:\/\//, '').replace(/:\d+$/, '');
  const dot = host.indexOf('.');
  const dotless = dot > 0 ? `${host.slice(0, dot)}x${host.slice(dot + 1)}` : `${host}x`;
  return [
    { origin: 'null', trick: 'sandboxed iframe, file:, redirects' },
    { origin: 'https://evil.example', trick: 'unrelated site' },
    { origin: `https://${host}.evil.example`, trick: 'target as prefix' },
    { origin: `https://evil${host}`, trick: 'target as suffix' },
    { origin: `https://evil.${host}`, trick: 'subdomain' },
    { origin: `http://${host}`, trick: 'http downgrade' },
    { origin: `https://${dotless}`, trick: 'unescaped dot' },
    { origin: `https://${host}_.evil.example`, trick: 'special character after host' },
    { origin: 'http://localhost.evil.example', trick: 'localhost prefix' },
    { origin: 'https://attacker.github.io', trick: 'third-party sandbox' },
  ];
}

/** The host the battery aims at: the policy's first explicit origin, a production origin, or example.com. */
export function targetOf(policy: Policy, productionOrigins: string[]): string {
  for (const o of policy.origins) if (o.kind === 'exact' && /^https?:\/\/[^/]+/.test(o.value)) return o.value;
  return productionOrigins[0] ?? 'https://app.example.com';
}

/** The policy whose span holds the offset (the innermost when nested). */
export function policyAt(result: FileResult, offset: number): PolicyInfo | undefined {
  const hits = result.analysis.policies.filter((p) => p.span.start <= offset && offset <= p.span.end);
  hits.sort((a, b) => a.span.end - a.span.start - (b.span.end - b.span.start));
  return hits[0];
}

/** The markdown battery table, or undefined when evaluate() is not available yet. */
export function batteryTable(policy: Policy, productionOrigins: string[]): string | undefined {
  const rows: string[] = [];
  try {
    for (const p of attackerBattery(targetOf(policy, productionOrigins))) {
      const v = evaluate(policy, p.origin);
      const reads = v.allowed ? '**yes**' : 'no';
      const cookies = v.readableWithCredentials ? '**yes**' : 'no';
      rows.push(`| \`${p.origin}\` | ${p.trick} | ${reads} | ${cookies} |`);
    }
  } catch {
    return undefined;
  }
  return ['| Origin | Trick | Reads | With cookies |', '|---|---|---|---|', ...rows].join('\n');
}

/** The hover for a position inside a CORS configuration. */
export function policyHover(result: FileResult, offset: number): Hover | null {
  const policy = policyAt(result, offset);
  if (!policy) return null;
  const w = describePolicy(policy);
  const lines = [
    `**CORS policy** (${w.framework})`,
    '',
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
  if (table) lines.push('', '**What an attacker\'s origin gets**', '', table);
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: result.map.range(policy.span),
  };
}
