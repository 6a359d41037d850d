import type { Finding, Language, Notice, Policy } from "./model";
import { FRAMEWORK_LABELS } from "./frameworks";
import type { Project } from "./project/project";
import { basename, normalize, relativeTo } from "./project/paths";
import { Composite, filesOf, mapSpans } from "./spans";
import { lineAt, lineStartsOf } from "./line-index";
import { applySuppressions, parseSuppressions } from "./suppress";

/**
 * Policies whose values live in other modules are judged over one composite text (see spans.ts), so rules
 * read the text around every value they flag. This module builds it and maps the results back.
 */
export interface CrossFile {
  composite: Composite;
  /** The policies in composite offsets, each naming the other files it reads. */
  policies: Policy[];
}

/** Puts every module the policies read after the analysed file's text. */
export function composePolicies(
  project: Project,
  fileName: string,
  text: string,
  policies: Policy[],
): CrossFile {
  const main = normalize(fileName);
  const composite = new Composite(main, text);
  const out = policies.map((p) => {
    const files = [...filesOf(p)].filter((f) => f !== main).sort();
    for (const f of files) {
      const t = project.textOf(f);
      if (t !== undefined) composite.add(f, t);
    }
    const mapped = mapSpans(p, (s) => composite.toComposite(s));
    return files.length ? { ...mapped, files } : mapped;
  });
  return { composite, policies: out };
}

/**
 * Names the consumer on a finding placed in another module: "(read by Starlette/FastAPI CORSMiddleware in
 * main.py:14)" and a related location on the middleware call. Works in composite offsets.
 */
export function markElsewhere(finding: Finding, policy: Policy, composite: Composite): Finding {
  const at = composite.fromComposite(finding.span);
  if (!at.file) return finding;
  const starts = lineStartsOf(composite.text);
  const line = lineAt(starts, policy.anchor.start) + 1;
  const label = FRAMEWORK_LABELS[policy.framework];
  return {
    ...finding,
    message: `${finding.message} (read by ${label} in ${basename(composite.main)}:${line})`,
    related: [
      ...finding.related,
      { span: policy.anchor, message: `${label} reads this value here` },
    ],
  };
}

/**
 * Maps findings and policies back to `(file, offset)`. Findings in the analysed file are returned as `here`
 * (its suppressions are applied by the caller); those in other modules get that module's suppressions.
 */
export function finishCrossFile(
  cross: CrossFile,
  project: Project,
  findings: Finding[],
  policies: Policy[],
): { here: Finding[]; elsewhere: Finding[]; suppressed: Finding[]; policies: Policy[] } {
  const back = <T>(v: T): T => mapSpans(v, (s) => cross.composite.fromComposite(s));
  const mapped = findings.map(back);
  const elsewhere: Finding[] = [];
  const suppressed: Finding[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of mapped) {
    if (f.span.file) byFile.set(f.span.file, [...(byFile.get(f.span.file) ?? []), f]);
  }
  for (const [file, list] of byFile) {
    const text = project.textOf(file) ?? "";
    const language: Language = /\.pyi?$/i.test(file) ? "python" : "typescript";
    const r = applySuppressions(list, parseSuppressions(text, language), text);
    elsewhere.push(...r.kept);
    suppressed.push(...r.suppressed);
  }
  return {
    here: mapped.filter((f) => !f.span.file),
    elsewhere,
    suppressed,
    policies: policies.map(back),
  };
}

/**
 * Rules whose verdict differs between the frameworks that accept a `{ origin, credentials }` object
 * (which options exist, when `Vary: Origin` is sent) stay quiet on options whose consumer is unknown.
 */
export function judgedWhenInferred(rule: string): boolean {
  return rule !== "unknown-cors-option" && rule !== "missing-vary-origin";
}

/** A finding on an options object without a known consumer says the framework was inferred. */
export function inferredFinding(f: Finding, readers: string): Finding {
  return {
    ...f,
    message: `${f.message} (no middleware reading these options was found; judged as ${readers} read them)`,
    inferred: readers,
  };
}

/** The file a finding sits in, relative to the project root (for messages and reports). */
export function displayFile(project: Project, file: string): string {
  return relativeTo(project.root, file);
}

export type { Notice };
