import type { ResolvedConfig } from "./config";
import { DEFAULT_CONFIG } from "./config";
import { classifyContext, nodeDefault, type PathContext } from "./context";
import {
  composePolicies,
  finishCrossFile,
  inferredFinding,
  judgedWhenInferred,
  markElsewhere,
  type CrossFile,
} from "./cross-file";
import { extractPolicies } from "./frameworks";
import { ParseCache } from "./parse/cache";
import type { Project } from "./project/project";
import type { Context, Finding, Language, Notice, Policy, Severity } from "./model";
import { initPythonParser, type WasmSources } from "./parse/python";
import { RULES } from "./rules";
import { renderMessage, type Report, type Rule } from "./rules/types";
import { severityRank } from "./severity";
import { applySuppressions, parseSuppressions } from "./suppress";

/** A policy together with the context it runs in. */
export interface PolicyInfo extends Policy {
  context: Context;
}

/** Everything the engine learns about one file. */
export interface FileAnalysis {
  language: Language | undefined;
  /** False when the byte-level prefilter ruled the file out without parsing it. */
  parsed: boolean;
  policies: PolicyInfo[];
  findings: Finding[];
  /** Findings silenced by suppression comments (kept for SARIF `suppressions`). */
  suppressed: Finding[];
  notices: Notice[];
}

/** Options for one file. */
export interface AnalyzeOptions {
  config?: ResolvedConfig;
  /** The file's path relative to its project root, with forward slashes; used for contexts and globs. */
  relativePath?: string;
  /** Parse even when the prefilter rules the file out (used to prove the prefilter drops nothing). */
  skipPrefilter?: boolean;
  /** The document's trees from its previous analysis (editors): only the edited region is parsed again. */
  parseCache?: ParseCache;
  /**
   * The project the file belongs to: imports are followed (as text) into its other modules, and findings
   * land where a value is written, naming that file on their spans. `fileName` is then an absolute path.
   */
  project?: Project;
  /**
   * Internal: false runs every extractor's own checks without the text gates that rule a file out
   * before parsing (tests prove the gates change no policy and no finding).
   */
  gates?: boolean;
}

const PY_EXT = /\.pyi?$/i;
const TS_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/** The language cors-lint parses a file as, from its name. */
export function languageOf(fileName: string): Language | undefined {
  if (PY_EXT.test(fileName)) return "python";
  if (TS_EXT.test(fileName) && !/\.d\.[mc]?ts$/i.test(fileName)) return "typescript";
  return undefined;
}

/**
 * The cheap test before parsing: every extractor needs a `cors` token (an import, option or setting name)
 * or an `Access-Control-Allow-*` header name somewhere in the file. Lower-case ASCII, matched
 * case-insensitively; hosts test them on raw bytes before decoding (see scan/read-source.ts).
 */
export const PREFILTER_TOKENS: readonly string[] = ["cors", "access-control-allow"];

const PREFILTER = new RegExp(PREFILTER_TOKENS.join("|"), "i");

/**
 * Whether a file's own name says CORS (`cors.js`, `corsOptions.ts`, `cors_config.py`): a module of options
 * shared by a template or a library may not spell the word inside.
 */
export function corsNamed(fileName: string): boolean {
  return /cors[^/\\]*$/i.test(fileName);
}

/** Whether a file can hold a CORS configuration at all (its text, or its name when given). */
export function mayHoldCors(text: string, fileName?: string): boolean {
  if (fileName !== undefined && corsNamed(fileName)) return true;
  return PREFILTER.test(text);
}

export { ParseCache };

/** Loads the parsers; call once before analyze(). */
export async function initEngine(wasm: WasmSources): Promise<void> {
  await initPythonParser(wasm);
}

/** Analyses one file's text: plain data in, plain data out. */
export function analyze(
  text: string,
  fileName: string,
  options: AnalyzeOptions = {},
): FileAnalysis {
  const language = languageOf(fileName);
  const config = options.config ?? DEFAULT_CONFIG;
  const empty: FileAnalysis = {
    language,
    parsed: false,
    policies: [],
    findings: [],
    suppressed: [],
    notices: [],
  };
  if (!language || (!options.skipPrefilter && !mayHoldCors(text, fileName))) return empty;
  const path = options.relativePath ?? fileName.replace(/\\/g, "/");
  const project = options.project;
  // The project is linked only when some extractor's gate lets the text through; otherwise only a
  // change of text is recorded (the module and its dependents are forgotten, as linksFor would).
  let linked = false;
  const links =
    project &&
    (() => {
      linked = true;
      return project.linksFor(fileName, text);
    });
  const extracted = extractPolicies(
    text,
    fileName,
    language,
    options.parseCache,
    links,
    options.gates !== false,
  );
  if (project && !linked) project.changed(fileName, text);
  const notices = extracted.notices;
  let policies = extracted.policies;
  let cross: CrossFile | undefined;
  if (project) {
    cross = composePolicies(project, fileName, text, policies);
    policies = cross.policies;
  }
  const ruleText = cross?.composite.text ?? text;
  const pathContext: PathContext = { path, config };
  const infos: PolicyInfo[] = policies.map((p) => ({
    ...p,
    context: classifyContext(p.guards, pathContext),
  }));
  const raw: Finding[] = [];
  for (const policy of infos) {
    for (const rule of RULES) {
      if (policy.inferred && !judgedWhenInferred(rule.meta.name)) continue;
      const level = config.rules[rule.meta.name];
      if (level === "off") continue;
      const ctx = { text: ruleText, language, fileName, config, allPolicies: infos };
      raw.push(
        ...safeCheck(rule, policy, notices, () =>
          rule.check(policy, ctx).flatMap((report) => {
            let f = toFinding(rule, report, policy, pathContext, ruleText, level);
            if (!f) return [];
            if (policy.inferred) f = inferredFinding(f, policy.inferred);
            return cross ? markElsewhere(f, policy, cross.composite) : f;
          }),
        ),
      );
    }
  }
  let here = dedupe(raw);
  let elsewhere: Finding[] = [];
  let suppressedElsewhere: Finding[] = [];
  let outPolicies = infos;
  if (cross && project) {
    const done = finishCrossFile(cross, project, here, infos);
    here = done.here;
    elsewhere = done.elsewhere;
    suppressedElsewhere = done.suppressed;
    outPolicies = done.policies as PolicyInfo[];
  }
  const suppressions = parseSuppressions(text, language);
  const { kept, suppressed, unused } = applySuppressions(here, suppressions, text);
  for (const u of unused) notices.push(u);
  kept.push(...elsewhere);
  kept.sort(
    (a, b) =>
      (a.span.file ?? "").localeCompare(b.span.file ?? "") ||
      a.span.start - b.span.start ||
      a.rule.localeCompare(b.rule),
  );
  return {
    language,
    parsed: true,
    policies: outPolicies,
    findings: kept,
    suppressed: [...suppressed, ...suppressedElsewhere],
    notices,
  };
}

/** Runs one rule on one policy; a rule that throws yields an internal-error notice, not a crash. */
function safeCheck(
  rule: Rule,
  policy: PolicyInfo,
  notices: Notice[],
  findings: () => Finding[],
): Finding[] {
  try {
    return findings();
  } catch (e) {
    notices.push({
      kind: "internal",
      message: `internal error in rule ${rule.meta.name}: ${(e as Error).message}`,
      span: policy.anchor,
    });
    return [];
  }
}

function toFinding(
  rule: Rule,
  report: Report,
  policy: PolicyInfo,
  pathContext: PathContext,
  text: string,
  level: ResolvedConfig["rules"][string] | undefined,
): Finding | undefined {
  const context = report.guards?.length
    ? classifyContext([...policy.guards, ...report.guards], pathContext)
    : policy.context;
  const own = rule.meta.messageSeverity?.[report.messageId];
  let severity: Severity =
    own?.severity ??
    ((report.withCredentials && rule.meta.severityWithCredentials) || rule.meta.defaultSeverity);
  if (level) severity = level as Severity;
  if (context.kind !== "production") {
    const ctxLevel =
      context.kind === "test"
        ? pathContext.config.testSeverity
        : pathContext.config.developmentSeverity;
    if (ctxLevel === "off") return undefined;
    if (severityRank(ctxLevel) > severityRank(severity)) severity = ctxLevel;
  }
  let message = renderMessage(rule.meta, report);
  if (context.failOpen) message += ` ${failOpenNote(context.failOpen.variable)}`;
  const snippet = text.slice(report.span.start, report.span.end).replace(/\s+/g, " ").slice(0, 200);
  return {
    rule: rule.meta.name,
    messageId: report.messageId,
    severity,
    message,
    span: report.span,
    framework: policy.framework,
    context,
    fixes: [...(report.fixes ?? []), ...(context.failOpen?.fix ? [context.failOpen.fix] : [])],
    related: report.related ?? [],
    fingerprint: fingerprint(
      `${rule.meta.name}|${policy.framework}|${report.messageId}|${snippet}`,
    ),
  };
}

/** The sentence a fail-open development branch adds to a message. */
function failOpenNote(variable: string): string {
  return `This branch is not development-only: when ${variable} is unset${nodeDefault(variable)}, it runs.`;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.span.file ?? ""}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A short stable hash (FNV-1a, 64-bit as two 32-bit halves) for fingerprints. */
export function fingerprint(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0");
}
