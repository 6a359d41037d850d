import { analyze, type FileAnalysis } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG, type ResolvedConfig } from "../../server/src/core/config";
import type { Edit } from "../../server/src/core/model";

/** Analyses a snippet as if it were `app.py` / `app.ts` in production code. */
export function run(
  code: string,
  file: string,
  config: Partial<ResolvedConfig> = {},
): FileAnalysis {
  return analyze(code, file, { config: { ...DEFAULT_CONFIG, ...config }, relativePath: file });
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
