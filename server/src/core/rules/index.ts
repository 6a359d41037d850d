import { devOriginInProduction } from './dev-origin-in-production';
import { insecureOrigin } from './insecure-origin';
import { nullOrigin } from './null-origin';
import type { Rule } from './types';
import { unknownCorsOption } from './unknown-cors-option';
import { unmatchableOrigin } from './unmatchable-origin';
import { wildcardOrigin } from './wildcard-origin';

/** Every rule, sorted by name. */
export const RULES: readonly Rule[] = [
  devOriginInProduction,
  insecureOrigin,
  nullOrigin,
  unknownCorsOption,
  unmatchableOrigin,
  wildcardOrigin,
].sort((a, b) => a.meta.name.localeCompare(b.meta.name));

/** A rule by name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.meta.name === name);
}
