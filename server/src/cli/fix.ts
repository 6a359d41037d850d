import { analyze, type AnalyzeOptions, type FileAnalysis } from "../core/analyze";
import { applyFixes, bulkFixes } from "../core/apply-fixes";

/** At most this many analyse-and-fix passes per file (fixes may enable or overlap other fixes). */
export const MAX_FIX_PASSES = 10;

/** A file's final text and analysis after bulk fixes. */
export interface FixOutcome {
  text: string;
  analysis: FileAnalysis;
  applied: number;
}

/**
 * Applies bulk-applicable fixes (safe, and unsafe when asked), re-analysing after each pass until no fix
 * applies or the text stops changing, for at most MAX_FIX_PASSES passes. The returned analysis is of the
 * returned text.
 */
export function fixText(
  text: string,
  fileName: string,
  options: AnalyzeOptions,
  unsafe: boolean,
): FixOutcome {
  let current = text;
  let analysis = analyze(current, fileName, options);
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const fixes = bulkFixes(analysis.findings, unsafe);
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes);
    if (result.applied === 0 || result.text === current) break;
    applied += result.applied;
    current = result.text;
    analysis = analyze(current, fileName, options);
  }
  return { text: current, analysis, applied };
}
