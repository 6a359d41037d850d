import type { Fix, Finding } from "../../server/src/core/model";
import { INVERT_ENV_DEFAULT } from "../../server/src/core/context";
import { ruleByName } from "../../server/src/core/rules";

/**
 * The fixes of a finding its rule does not declare in `meta.fixes` (an unknown kind, or a known kind
 * with an applicability the rule does not list for it), as sentences; empty when all are declared.
 */
export function undeclaredFixes(f: Pick<Finding, "rule" | "fixes">): string[] {
  const rule = ruleByName(f.rule);
  if (!rule) return [`${f.rule}: no such rule`];
  const declared = rule.meta.fixes as Readonly<Record<string, readonly string[] | undefined>>;
  return f.fixes.flatMap((x) => {
    // A fail-open guard's fix comes from the context, whatever the rule.
    const allowed = x.kind === INVERT_ENV_DEFAULT ? ["unsafe"] : declared[x.kind];
    if (!allowed) return [`${f.rule}: fix kind "${x.kind}" (${x.title}) is not declared`];
    if (!allowed.includes(x.applicability)) {
      return [
        `${f.rule}: fix "${x.kind}" (${x.title}) is ${x.applicability}, declared ${allowed.join("/")}`,
      ];
    }
    return [];
  });
}

/** Per rule, the `kind applicability` pairs its tests have seen it offer. */
const seen = new Map<string, Set<string>>();

/** Records the fixes a rule offered in a test (see `declaredButNeverOffered`). */
export function recordFixes(rule: string, fixes: readonly Fix[]): void {
  const set = seen.get(rule) ?? new Set<string>();
  for (const x of fixes) set.add(`${x.kind} ${x.applicability}`);
  seen.set(rule, set);
}

/** The declared `kind applicability` pairs of a rule that no test saw it offer. */
export function declaredButNeverOffered(name: string): string[] {
  const rule = ruleByName(name);
  if (!rule) return [`${name}: no such rule`];
  const offered = seen.get(name) ?? new Set<string>();
  const declared = Object.entries<readonly string[]>(rule.meta.fixes);
  return declared.flatMap(([kind, apps]) =>
    apps.filter((a) => !offered.has(`${kind} ${a}`)).map((a) => `${kind} ${a}`),
  );
}
