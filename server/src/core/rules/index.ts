import type { Rule } from './types';
import { wildcardOrigin } from './wildcard-origin';

/** Every rule, sorted by name. */
export const RULES: readonly Rule[] = [wildcardOrigin].sort((a, b) => a.meta.name.localeCompare(b.meta.name));

/** A rule by name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.meta.name === name);
}
