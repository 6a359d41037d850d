import assert from "node:assert/strict";
import { sep } from "node:path";
import type { ResolvedConfig } from "../../server/src/core/config";
import { DEFAULT_CONFIG } from "../../server/src/core/config";
import type {
  Applicability,
  ExactMatch,
  Framework,
  Language,
  OptionRef,
  OriginEntry,
  Policy,
  Severity,
  Span,
} from "../../server/src/core/model";
import { ruleByName } from "../../server/src/core/rules";
import { renderMessage, type Rule } from "../../server/src/core/rules/types";
import { applyEdits, run } from "./analyze";
import { declaredButNeverOffered, recordFixes, undeclaredFixes } from "./declared-fixes";

/** One fix as a test expects it: its title, applicability and the whole text after applying it alone. */
export interface ExpectedFix {
  title: string;
  applicability: Applicability;
  output: string;
}

/** One expected finding: the flagged source text, its message and severity, and its fixes. */
export interface ExpectedFinding {
  text: string;
  message: string;
  severity: Severity;
  fixes: ExpectedFix[];
}

/** A snippet analysed as `file` (default app.py). */
export interface ValidCase {
  code: string;
  file?: string;
  config?: Partial<ResolvedConfig>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

/** Rules whose declared-fix coverage hook is registered. */
const coverageHooks = new Set<string>();

/** Runs a `{valid, invalid}` table for one rule through the whole engine. */
export function ruleTable(
  name: string,
  table: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  // Root-level hook, once per rule: after every test of the run (tables and hand-built policies
  // alike), each fix kind and applicability the rule declares must have been offered by one of
  // them, when the rule's own test file ran (it covers them all by itself).
  if (!coverageHooks.has(name)) {
    coverageHooks.add(name);
    after(`${name}: every declared fix was offered by a test`, () => {
      const own = `${sep}rules${sep}${name}.test.ts`;
      if (!Object.keys(require.cache).some((k) => k.endsWith(own))) return;
      assert.deepEqual(declaredButNeverOffered(name), []);
    });
  }
  describe(`${name} (engine)`, () => {
    for (const c of table.valid) {
      it(`valid: ${oneLine(c.code)}`, () => {
        const r = run(c.code, c.file ?? "app.py", c.config);
        assert.deepEqual(
          r.findings.filter((f) => f.rule === name).map((f) => f.message),
          [],
        );
      });
    }
    for (const c of table.invalid) {
      it(`invalid: ${oneLine(c.code)}`, () => {
        const r = run(c.code, c.file ?? "app.py", c.config);
        assert.ok(r.policies.length > 0, "the snippet holds no CORS policy");
        assert.deepEqual(r.findings.flatMap(undeclaredFixes), []);
        for (const f of r.findings) recordFixes(f.rule, f.fixes);
        const got = r.findings
          .filter((f) => f.rule === name)
          .map((f) => ({
            text: c.code.slice(f.span.start, f.span.end),
            message: f.message,
            severity: f.severity,
            fixes: f.fixes.map((x) => ({
              title: x.title,
              applicability: x.applicability,
              output: applyEdits(c.code, x.edits),
            })),
          }));
        assert.deepEqual(got, c.errors);
      });
    }
  });
}

/** A report rendered like a finding, for rules checked on hand-built policies. */
export interface CheckedReport {
  text: string;
  message: string;
  withCredentials: boolean;
  fixes: ExpectedFix[];
}

/** Runs one rule on a hand-built policy, as the engine would, and renders its reports. */
export function checkPolicy(
  rule: Rule | string,
  policy: Policy,
  code: string,
  config: Partial<ResolvedConfig> = {},
): CheckedReport[] {
  const r = typeof rule === "string" ? ruleByName(rule) : rule;
  if (!r) throw new Error(`no rule ${String(rule)}`);
  const ctx = {
    text: code,
    language: policy.language,
    fileName: policy.language === "python" ? "app.py" : "app.ts",
    config: { ...DEFAULT_CONFIG, ...config },
    allPolicies: [policy],
  };
  const reports = r.check(policy, ctx);
  const fixes = reports.flatMap((rep) => rep.fixes ?? []);
  assert.deepEqual(undeclaredFixes({ rule: r.meta.name, fixes }), []);
  recordFixes(r.meta.name, fixes);
  return reports.map((rep) => ({
    text: code.slice(rep.span.start, rep.span.end),
    message: renderMessage(r.meta, rep),
    withCredentials: !!rep.withCredentials,
    fixes: (rep.fixes ?? []).map((x) => ({
      title: x.title,
      applicability: x.applicability,
      output: applyEdits(code, x.edits),
    })),
  }));
}

/** The span of the `nth` occurrence (0-based) of `needle` in `code`. */
export function spanOf(code: string, needle: string, nth = 0): Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = code.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} not found in ${code}`);
  }
  return { start: at, end: at + needle.length };
}

/** An exact origin entry for the string literal `literal` (with its quotes) in `code`. */
export function exactEntry(code: string, literal: string, match: ExactMatch, nth = 0): OriginEntry {
  return { kind: "exact", value: literal.slice(1, -1), match, span: spanOf(code, literal, nth) };
}

/** A hand-built policy over the whole snippet. */
export function handPolicy(
  code: string,
  framework: Framework,
  origins: OriginEntry[],
  extra: Partial<Policy> = {},
): Policy {
  const js = /^(express|nestjs|fastify|hono|koa|elysia|socket|nextjs|js)/.test(framework);
  const language: Language = js ? "typescript" : "python";
  return {
    framework,
    language,
    span: { start: 0, end: code.length },
    anchor: { start: 0, end: Math.max(1, code.indexOf("(")) },
    origins,
    options: [],
    guards: [],
    ...extra,
  };
}

/** Option references for every `name=` / `name:` key listed, found in `code`. */
export function optionRefs(code: string, names: string[]): OptionRef[] {
  return names.map((name) => {
    const span = spanOf(code, name);
    const value = /^\s*[:=]\s*([^,)}\n]+)/.exec(code.slice(span.end));
    const valueStart = value ? span.end + value[0].indexOf(value[1]) : undefined;
    return {
      name: name.replace(/^['"]|['"]$/g, ""),
      span,
      ...(value && valueStart !== undefined
        ? { valueSpan: { start: valueStart, end: valueStart + value[1].trimEnd().length } }
        : {}),
    };
  });
}

/** A test title: the snippet without its import lines, on one line. */
function oneLine(code: string): string {
  const body = code
    .split("\n")
    .filter((l) => !/^(from|import)\s/.test(l))
    .join(" ");
  return body.replace(/\s+/g, " ").trim().slice(0, 100);
}
