import { INVERT_ENV_DEFAULT } from "../../server/src/core/context";
import { analyze, type AnalyzeOptions, type PolicyInfo } from "../../server/src/core/analyze";
import { applyFixes } from "../../server/src/core/apply-fixes";
import { battery, targetOf } from "../../server/src/core/battery";
import { evaluate, type RequestKind, type Verdict } from "../../server/src/core/evaluate";
import type { Edit, Finding, Fix, Span } from "../../server/src/core/model";
import { parseOrigin } from "../../server/src/core/origin-syntax";
import { syntaxErrors } from "./syntax";

/** The outcome of applying one fix alone and checking the result. */
export interface FixCheck {
  source: string;
  rule: string;
  applicability: Fix["applicability"];
  title: string;
  /** Empty when every check passed. */
  failures: string[];
}

/** One input: a file's text, its name and the options the engine analyses it with. */
export interface OracleInput {
  source: string;
  fileName: string;
  text: string;
  options?: AnalyzeOptions;
}

const REQUESTS: RequestKind[] = ["simple-cookie", "simple", "preflight"];

/**
 * Applies every fix the engine offers on a file, one at a time, and checks that: the edits are
 * well-formed and stay inside the configuration the finding is about; the file has no new syntax
 * error; the engine's own applier writes the same text; the finding is gone; no new finding appears
 * except those the fix declares (`introduces`); and, for safe fixes, evaluate() answers every origin
 * as before except the ones the fix declares (`affects`).
 */
export function checkFixes(input: OracleInput): FixCheck[] {
  const { text, fileName } = input;
  const options = input.options ?? {};
  const before = analyze(text, fileName, options);
  if (!before.language) return [];
  const language = before.language;
  const errorsBefore = syntaxErrors(text, fileName, language);
  const out: FixCheck[] = [];
  const check = (finding: Finding | undefined, rule: string, fx: Fix): void => {
    const failures: string[] = [];
    const fail = (m: string): void => void failures.push(m);
    try {
      checkOne({ input, options, before, errorsBefore, language, finding, fx, fail });
    } catch (e) {
      fail(`threw: ${(e as Error).message}`);
    }
    out.push({
      source: input.source,
      rule,
      applicability: fx.applicability,
      title: fx.title,
      failures,
    });
  };
  for (const f of before.findings) for (const fx of f.fixes) check(f, f.rule, fx);
  for (const n of before.notices)
    for (const fx of n.fixes ?? []) check(undefined, `notice:${n.kind}`, fx);
  return out;
}

interface CheckArgs {
  input: OracleInput;
  options: AnalyzeOptions;
  before: ReturnType<typeof analyze>;
  errorsBefore: number;
  language: "python" | "typescript";
  finding: Finding | undefined;
  fx: Fix;
  fail: (m: string) => void;
}

function checkOne(a: CheckArgs): void {
  const { input, fx, fail, finding, before } = a;
  const { text, fileName } = input;
  if (!wellFormed(fx.edits, text.length))
    return fail("edits overlap, are empty or fall outside the file");
  const region = finding ? declaredRegion(text, finding, before.policies) : undefined;
  // A fail-open guard's fix edits the guard around the configuration, by design.
  const guardFix = fx.kind === INVERT_ENV_DEFAULT;
  for (const e of fx.edits) {
    if (region && !guardFix && !region.some((r) => e.start >= r.start && e.end <= r.end))
      fail(`edit ${e.start}-${e.end} lies outside the finding's configuration`);
  }
  const after = applyEdits(text, fx.edits);
  const engine = applyFixes(text, [fx]).text;
  if (engine !== after) fail("the engine's applier writes another text");
  if (after === text) fail("the fix changes nothing");
  const errorsAfter = syntaxErrors(after, fileName, a.language);
  if (errorsAfter > a.errorsBefore) fail(`new syntax errors (${a.errorsBefore} -> ${errorsAfter})`);
  if (fx.placeholder) {
    const e = fx.edits[fx.placeholder.edit];
    if (!e || fx.placeholder.start < 0 || fx.placeholder.end > e.newText.length)
      fail("the placeholder is not inside its edit");
    if (fx.applicability === "safe") fail("a fix with a placeholder is safe");
  }
  const reanalysed = analyze(after, fileName, a.options);
  const map = (p: number): number => mapOffset(p, fx.edits);
  if (finding) {
    const still = reanalysed.findings.some(
      (g) =>
        g.rule === finding.rule &&
        g.message === finding.message &&
        g.severity === finding.severity &&
        strictlyOverlaps({ start: map(finding.span.start), end: map(finding.span.end) }, g.span),
    );
    if (still) fail("the finding is still there");
  }
  for (const g of reanalysed.findings) {
    const old = before.findings.some(
      (f) =>
        f.rule === g.rule &&
        (f.fingerprint === g.fingerprint ||
          overlaps({ start: map(f.span.start), end: map(f.span.end) }, g.span)),
    );
    if (!old && !fx.introduces?.includes(g.rule)) fail(`new ${g.rule} finding: ${g.message}`);
  }
  if (fx.applicability === "safe") checkAnswers(a, reanalysed.policies, map);
}

/**
 * For a safe fix: every origin keeps its answer unless the fix declares it. A configuration may be
 * several policies (Falcon splits origins by credentials; branches of a condition): the answer is
 * their union, compared configuration by configuration (same framework, same anchor).
 */
function checkAnswers(a: CheckArgs, afterPolicies: PolicyInfo[], map: (p: number) => number): void {
  const { fx, fail, finding, before } = a;
  if (!fx.affects) return fail("a safe fix declares no `affects`");
  const declared = (o: string): boolean =>
    fx.affects!.origins.includes(o) || !!fx.affects!.substringsOf?.some((s) => s.includes(o));
  const touched = finding
    ? before.policies.filter((p) => touches(p, finding.span))
    : before.policies;
  const anchors = new Map<string, PolicyInfo[]>();
  for (const p of touched) {
    const key = `${p.framework}|${p.anchor.start}|${p.anchor.end}`;
    anchors.set(
      key,
      before.policies.filter((x) => `${x.framework}|${x.anchor.start}|${x.anchor.end}` === key),
    );
  }
  for (const group of anchors.values()) {
    const p = group[0];
    const after = afterPolicies.filter(
      (x) =>
        x.framework === p.framework &&
        (map(p.anchor.start) === x.anchor.start || overlaps(mapSpan(p.anchor, map), x.anchor)),
    );
    if (!after.length) {
      fail(`the ${p.framework} configuration is gone`);
      continue;
    }
    for (const origin of candidates([...group, ...after], fx)) {
      if (declared(origin)) continue;
      for (const request of REQUESTS) {
        const v1 = union(group.map((x) => evaluate(x, origin, { request })));
        const v2 = union(after.map((x) => evaluate(x, origin, { request })));
        const diff = differs(v1, v2, !!fx.affects.vary);
        if (diff) return fail(`answer for ${origin} (${request}) changed: ${diff}`);
      }
    }
  }
}

/** The answer of a configuration made of several policies: readable when any policy lets it read. */
function union(vs: Verdict[]): Verdict {
  return vs.reduce((a, b) => ({
    ...a,
    allowed: a.allowed || b.allowed,
    readableWithCredentials: a.readableWithCredentials || b.readableWithCredentials,
    allowOriginHeader: a.allowOriginHeader ?? b.allowOriginHeader,
    vary: a.vary || b.vary,
    ...(a.error || b.error ? { error: a.error ?? b.error } : {}),
  }));
}

/** The origins to ask both policies about: scanner batteries, every configured origin, its normalised form. */
function candidates(policies: PolicyInfo[], fx: Fix): string[] {
  const out = new Set<string>(battery());
  for (const e of policies.flatMap((p) => p.origins)) {
    for (const o of battery(targetOf(e))) out.add(o);
    if (e.kind === "exact" || e.kind === "partial-check") {
      out.add(e.value);
      out.add(e.value.trim());
      const n = parseOrigin(e.value).normalised;
      if (n) out.add(n);
    }
  }
  for (const o of fx.affects?.origins ?? []) out.add(o);
  return [...out].filter(browserOrigin);
}

/**
 * Whether a browser can send this Origin header: `null` or a serialised origin (lowercase
 * `scheme://host[:port]`, no default port, no path). Answers to other strings do not matter to CORS.
 */
function browserOrigin(o: string): boolean {
  if (o === "null") return true;
  return parseOrigin(o).problems.length === 0 && o === o.toLowerCase() && !/\s/.test(o);
}

/** What a browser makes of the answer: may the page read it, with cookies; does the app raise. */
function differs(a: Verdict, b: Verdict, varyMayChange: boolean): string | undefined {
  const show = (v: Verdict): string => `${v.allowOriginHeader ?? "no Allow-Origin"}`;
  if (a.allowed !== b.allowed)
    return `readable ${a.allowed} -> ${b.allowed} (${show(a)} -> ${show(b)})`;
  if (a.readableWithCredentials !== b.readableWithCredentials)
    return `readable with cookies ${a.readableWithCredentials} -> ${b.readableWithCredentials}`;
  if (a.error !== b.error) return `error ${a.error} -> ${b.error}`;
  if (!varyMayChange && a.vary !== b.vary) return `Vary ${a.vary} -> ${b.vary}`;
  return undefined;
}

/**
 * Where a fix may edit: the finding, the configuration it belongs to and its related spans, each
 * widened to whole lines, plus the line before (suppression comments go there).
 */
function declaredRegion(text: string, f: Finding, policies: PolicyInfo[]): Span[] {
  const spans: Span[] = [f.span, ...f.related.map((r) => r.span)];
  for (const p of policies) {
    if (!touches(p, f.span)) continue;
    spans.push(p.span, p.anchor, ...p.origins.map((o) => o.span));
    for (const o of p.options) spans.push(o.span, ...(o.valueSpan ? [o.valueSpan] : []));
    for (const s of [p.credentials, p.methods, p.allowHeaders, p.vary, p.sendWildcard])
      if (s) spans.push(s.span);
  }
  return spans.map((s) => {
    const lineStart = text.lastIndexOf("\n", s.start - 1) + 1;
    const prevLine = lineStart > 0 ? text.lastIndexOf("\n", lineStart - 2) + 1 : 0;
    const nl = text.indexOf("\n", s.end);
    return { start: prevLine, end: nl < 0 ? text.length : nl + 1 };
  });
}

function touches(p: PolicyInfo, s: Span): boolean {
  return (
    (p.span.start <= s.start && s.end <= p.span.end) ||
    p.origins.some((o) => overlaps(o.span, s)) ||
    (p.anchor.start <= s.start && s.end <= p.anchor.end)
  );
}

function wellFormed(edits: Edit[], length: number): boolean {
  if (edits.length === 0) return false;
  const sorted = [...edits].sort((x, y) => x.start - y.start);
  return sorted.every(
    (e, i) =>
      e.start >= 0 &&
      e.end >= e.start &&
      e.end <= length &&
      (i === 0 || e.start >= sorted[i - 1].end),
  );
}

/** Applies non-overlapping edits. */
export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.start - x.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Where an offset of the text before the edits lands after them (inside an edit: its start). */
function mapOffset(p: number, edits: Edit[]): number {
  let shift = 0;
  for (const e of [...edits].sort((x, y) => x.start - y.start)) {
    if (e.end <= p && !(e.start === e.end && e.start === p))
      shift += e.newText.length - (e.end - e.start);
    else if (e.start < p && p < e.end) return e.start + shift;
  }
  return p + shift;
}

function mapSpan(s: Span, map: (p: number) => number): Span {
  return { start: map(s.start), end: map(s.end) };
}

function strictlyOverlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/**
 * Checks a fix as if the engine offered it for the first finding of `rule` in the input: used to
 * prove the oracle catches bad fixes.
 */
export function checkFixFor(input: OracleInput, rule: string, fx: Fix): string[] {
  const options = input.options ?? {};
  const before = analyze(input.text, input.fileName, options);
  const finding = before.findings.find((f) => f.rule === rule);
  if (!finding || !before.language) throw new Error(`no ${rule} finding in the input`);
  const failures: string[] = [];
  checkOne({
    input,
    options,
    before,
    errorsBefore: syntaxErrors(input.text, input.fileName, before.language),
    language: before.language,
    finding,
    fx,
    fail: (m) => void failures.push(m),
  });
  return failures;
}
