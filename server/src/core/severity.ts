import type { Severity } from "./model";

/** Every severity, most severe first: the one order of sorting, counting and config levels. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];

/** Sorts severities: lower is more severe. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
