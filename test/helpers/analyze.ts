import assert from "node:assert/strict";
import { analyze, type FileAnalysis } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG, type ResolvedConfig } from "../../server/src/core/config";
import type { Edit } from "../../server/src/core/model";

/**
 * Analyses a snippet as if it were `app.py` / `app.ts` in production code. Every snippet is also
 * analysed without the text gates, which must change no policy and no finding.
 */
export function run(
  code: string,
  file: string,
  config: Partial<ResolvedConfig> = {},
): FileAnalysis {
  const options = { config: { ...DEFAULT_CONFIG, ...config }, relativePath: file };
  const r = analyze(code, file, options);
  const off = analyze(code, file, { ...options, gates: false });
  assert.deepEqual(
    [r.policies, r.findings, r.suppressed],
    [off.policies, off.findings, off.suppressed],
    `the text gates changed the analysis of:\n${code}`,
  );
  return r;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
