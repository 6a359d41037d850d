import { devOriginInProduction } from "./dev-origin-in-production";
import { insecureOrigin } from "./insecure-origin";
import { missingVaryOrigin } from "./missing-vary-origin";
import { nullOrigin } from "./null-origin";
import { partialOriginCheck } from "./partial-origin-check";
import { permissiveOriginRegex } from "./permissive-origin-regex";
import { placeholderOrigin } from "./placeholder-origin";
import { reflectedOrigin } from "./reflected-origin";
import type { Rule } from "./types";
import { unknownCorsOption } from "./unknown-cors-option";
import { unmatchableOrigin } from "./unmatchable-origin";
import { wildcardCredentials } from "./wildcard-credentials";
import { wildcardOrigin } from "./wildcard-origin";

/** Every rule, sorted by name. */
export const RULES: readonly Rule[] = [
  devOriginInProduction,
  insecureOrigin,
  missingVaryOrigin,
  nullOrigin,
  partialOriginCheck,
  permissiveOriginRegex,
  placeholderOrigin,
  reflectedOrigin,
  unknownCorsOption,
  unmatchableOrigin,
  wildcardCredentials,
  wildcardOrigin,
].sort((a, b) => a.meta.name.localeCompare(b.meta.name));

/** Every rule's name, sorted: what `.cors-lint.json` and the settings may name. */
export const RULE_NAMES: readonly string[] = RULES.map((r) => r.meta.name);

/** A rule by name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.meta.name === name);
}
