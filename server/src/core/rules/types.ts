import type {
  Applicability,
  Fix,
  Guard,
  Language,
  Policy,
  Related,
  Severity,
  Span,
} from "../model";
import type { ResolvedConfig } from "../config";

/** A rule's metadata: data only, so docs, SARIF and the catalog test read the same facts. */
export interface RuleMeta {
  /** kebab-case, names the flagged pattern. */
  name: string;
  /** One sentence. */
  description: string;
  defaultSeverity: Severity;
  /** Severity used instead when the policy sends credentials (cookies). */
  severityWithCredentials?: Severity;
  /** Which kinds of fix the rule can offer. */
  fixes: Applicability[];
  /** Message templates by id; `{name}` placeholders are filled from a report's data. */
  messages: Record<string, string>;
  cwe: number[];
  /** GitHub code scanning `security-severity` (0-10) at the default severity. */
  securitySeverity: number;
  references: string[];
}

/** What a rule reports; the engine adds context, severity, fingerprint and suppression handling. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  span: Span;
  /** Guards of the origin entry or option that caused the report (ternary branch, env default). */
  guards?: Guard[];
  /** Whether the problem involves credentials (selects severityWithCredentials). */
  withCredentials?: boolean;
  fixes?: Fix[];
  related?: Related[];
}

/** Everything a rule may read besides the policy. */
export interface RuleContext {
  text: string;
  language: Language;
  fileName: string;
  config: ResolvedConfig;
  /** Policies found in the same file (e.g. to suggest origins already used elsewhere). */
  allPolicies: readonly Policy[];
}

export interface Rule {
  meta: RuleMeta;
  check(policy: Policy, ctx: RuleContext): Report[];
}
