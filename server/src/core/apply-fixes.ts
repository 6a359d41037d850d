import { analyze, type AnalyzeOptions, type FileAnalysis } from "./analyze";
import type { Applicability, Edit, Finding, Fix, Notice } from "./model";

/** Which fixes bulk application may take. */
export function bulkApplicable(fix: Fix, unsafe: boolean): boolean {
  if (fix.placeholder) return false;
  return fix.applicability === "safe" || (unsafe && fix.applicability === "unsafe");
}

/**
 * The first fix of each finding that bulk application may take, and the removal of each unused
 * suppression comment (a safe fix, as ESLint's --fix removes unused disable directives).
 */
export function bulkFixes(findings: Finding[], unsafe: boolean, notices: Notice[] = []): Fix[] {
  const out: Fix[] = [];
  for (const f of [...findings, ...notices]) {
    const fx = f.fixes?.find((x) => bulkApplicable(x, unsafe));
    if (fx) out.push(fx);
  }
  return out;
}

/**
 * Applies whole fixes whose edits do not overlap an earlier fix's edits; the rest are left for
 * another pass (callers re-analyse and repeat, as ESLint does). Only fixes whose every edit is in `file`
 * are taken (undefined: the analysed file, whose edits name no file); a fix that edits another module of
 * the project is applied to that module's text.
 */
export function applyFixes(
  text: string,
  fixes: Fix[],
  file?: string,
): { text: string; applied: number } {
  const taken: Edit[] = [];
  let applied = 0;
  for (const f of fixes) {
    if (f.edits.length === 0) continue;
    if (f.edits.some((e) => e.file !== file)) continue;
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

/** At most this many analyse-and-fix passes per file (fixes may enable or overlap other fixes). */
export const MAX_FIX_PASSES = 10;

/** A file's final text and analysis after bulk fixes. */
export interface FixOutcome {
  text: string;
  analysis: FileAnalysis;
  applied: number;
}

/**
 * Applies bulk-applicable fixes (safe, and unsafe when asked), re-analysing after each pass until no
 * fix applies or the text stops changing, for at most MAX_FIX_PASSES passes. The returned analysis is
 * of the returned text. Shared by `cors-lint --fix` and the editor's fix-all.
 */
export function fixUntilStable(
  text: string,
  fileName: string,
  options: AnalyzeOptions,
  unsafe: boolean,
): FixOutcome {
  let current = text;
  let analysis = analyze(current, fileName, options);
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = bulkFixes(analysis.findings, unsafe, analysis.notices);
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.applied === 0 || result.text === current) break;
    applied += result.applied;
    current = result.text;
    analysis = analyze(current, fileName, options);
  }
  return { text: current, analysis, applied };
}

/** Re-exported for callers that only need the type. */
export type { Applicability };
