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

/**
 * A rule's metadata: data only, so docs, SARIF and the catalog test read the same facts.
 * `M` is the rule's message ids, `K` the kinds of fix it offers: a report of the rule can only name
 * those (checked by the compiler through `defineRule`).
 */
export interface RuleMeta<M extends string = string, K extends string = string> {
  /** kebab-case, names the flagged pattern. */
  name: string;
  /** One sentence. */
  description: string;
  defaultSeverity: Severity;
  /** Severity used instead when the policy sends credentials (cookies). */
  severityWithCredentials?: Severity;
  /**
   * The fixes the rule can offer, by kind, with the applicabilities each kind may have (a test runs
   * every table, fixture and sample and checks each emitted fix against this).
   */
  fixes: Readonly<Record<K, readonly Applicability[]>>;
  /**
   * Message templates by id, plain text (VS Code shows diagnostics verbatim: no markdown);
   * `{name}` placeholders are filled from a report's data.
   */
  messages: Readonly<Record<M, string>>;
  /**
   * Messages whose findings have their own severity and security severity, instead of the rule's
   * (the broken, not exploitable, case of a rule). Credentials do not raise these.
   */
  messageSeverity?: Readonly<Partial<Record<M, MessageSeverity>>>;
  cwe: number[];
  /** GitHub code scanning `security-severity` (0-10) at the default severity. */
  securitySeverity: number;
  references: string[];
}

/** The severity of one message's findings, and its GitHub code scanning `security-severity`. */
export interface MessageSeverity {
  severity: Severity;
  securitySeverity: number;
}

/** What a rule reports; the engine adds context, severity, fingerprint and suppression handling. */
export interface Report<M extends string = string, K extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  span: Span;
  /** Guards of the origin entry or option that caused the report (ternary branch, env default). */
  guards?: Guard[];
  /** Whether the problem involves credentials (selects severityWithCredentials). */
  withCredentials?: boolean;
  fixes?: Fix<K>[];
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

export interface Rule<M extends string = string, K extends string = string> {
  meta: RuleMeta<M, K>;
  check(policy: Policy, ctx: RuleContext): Report<M, K>[];
}

/**
 * Declares a rule: its message ids and fix kinds are read from `meta`, and `check` may only report
 * those (a misspelt id or an undeclared fix kind does not compile).
 */
export function defineRule<M extends string, K extends string>(rule: {
  meta: RuleMeta<M, K>;
  check(policy: Policy, ctx: RuleContext): Report<NoInfer<M>, NoInfer<K>>[];
}): Rule<M, K> {
  return rule;
}

/**
 * A report's message: its rule's template with the placeholders filled. Throws on an id the rule
 * does not declare or a placeholder without a value (the engine turns that into an internal-error
 * notice: a raw id or `{name}` never reaches users).
 */
export function renderMessage(meta: RuleMeta, report: Report): string {
  const template = (meta.messages as Record<string, string | undefined>)[report.messageId];
  if (template === undefined) {
    throw new Error(`rule ${meta.name} has no message "${report.messageId}"`);
  }
  return template.replace(/\{(\w+)\}/g, (_m, k: string) => {
    if (!report.data || !(k in report.data)) {
      throw new Error(`rule ${meta.name}, message "${report.messageId}": no value for {${k}}`);
    }
    return String(report.data[k]);
  });
}
