import type { Applicability, Edit, Finding, Fix } from './model';

/** Which fixes bulk application may take. */
export function bulkApplicable(fix: Fix, unsafe: boolean): boolean {
  return fix.applicability === 'safe' || (unsafe && fix.applicability === 'unsafe');
}

/** The first fix of each finding that bulk application may take. */
export function bulkFixes(findings: Finding[], unsafe: boolean): Fix[] {
  const out: Fix[] = [];
  for (const f of findings) {
    const fx = f.fixes.find((x) => bulkApplicable(x, unsafe));
    if (fx) out.push(fx);
  }
  return out;
}

/**
 * Applies whole fixes whose edits do not overlap an earlier fix's edits; the rest are left for
 * another pass (callers re-analyse and repeat, as ESLint does).
 */
export function applyFixes(text: string, fixes: Fix[]): { text: string; applied: number } {
  const taken: Edit[] = [];
  let applied = 0;
  for (const f of fixes) {
    if (f.edits.length === 0) continue;
    if (f.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...f.edits);
    applied++;
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied };
}

function overlaps(a: Edit, b: Edit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Re-exported for callers that only need the type. */
export type { Applicability };
