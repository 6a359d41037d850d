import { writeFileSync } from "node:fs";
import { bulkFixes } from "../core/apply-fixes";
import { applyFixes } from "../core/apply-fixes";
import { languageOf } from "../core/analyze";
import type { Finding, Fix, Span } from "../core/model";
import { isInside, normalize } from "../core/project/paths";
import { findProjectRoot, Project } from "../core/project/project";
import { mapSpans } from "../core/spans";
import { DiskProjectHost } from "../project-host";
import { displayPath } from "../walk";
import type { FileResult } from "./report";

/**
 * The projects of one CLI run: one per requested path's project root (the nearest folder upward with
 * `.git`, `pyproject.toml` or `package.json`). Each module is parsed once per run, whichever file imports it.
 */
export class CliProjects {
  private readonly host = new DiskProjectHost();
  private readonly byRoot = new Map<string, Project>();
  private readonly roots: { path: string; root: string }[];

  constructor(paths: string[]) {
    this.roots = paths
      .map((p) => ({ path: normalize(p), root: findProjectRoot(this.host, normalize(p)) }))
      .sort((a, b) => b.path.length - a.path.length);
  }

  /** The project a file of the run belongs to. */
  for(file: string): Project {
    const f = normalize(file);
    const root = this.roots.find((r) => isInside(r.path, f))?.root ?? findProjectRoot(this.host, f);
    let p = this.byRoot.get(root);
    if (!p) this.byRoot.set(root, (p = new Project(this.host, root)));
    return p;
  }

  /** Modules parsed in this run (each once). */
  parses(): number {
    let n = 0;
    for (const p of this.byRoot.values()) n += p.parses;
    return n;
  }

  dispose(): void {
    for (const p of this.byRoot.values()) p.dispose();
    this.byRoot.clear();
  }
}

/**
 * Moves findings that sit in another module (a settings or options module a requested file reads) into
 * that module's result, so every format shows them at their own file, line and column. Spans of the
 * analysed file that travel with them (the middleware call) then name it.
 */
export function placeFindings(
  files: FileResult[],
  projects: CliProjects,
  cwd: string,
): FileResult[] {
  const byPath = new Map(files.map((f) => [normalize(f.path), f]));
  const seen = new Set<string>();
  const key = (file: string, f: Finding): string =>
    `${file}|${f.span.start}|${f.span.end}|${f.rule}|${f.message}`;
  for (const fr of files)
    for (const f of fr.findings) if (!f.span.file) seen.add(key(normalize(fr.path), f));
  for (const fr of [...files]) {
    const root = normalize(fr.path);
    const moved = fr.findings.filter((f) => f.span.file && f.span.file !== root);
    if (!moved.length) continue;
    fr.findings = fr.findings.filter((f) => !moved.includes(f));
    for (const f of moved) {
      const target = f.span.file!;
      const k = key(target, f);
      if (seen.has(k)) continue;
      seen.add(k);
      let dest = byPath.get(target);
      if (!dest) {
        const text = projects.for(target).textOf(target) ?? "";
        dest = {
          path: target,
          display: displayPath(target, cwd),
          text,
          language: languageOf(target),
          findings: [],
          suppressed: [],
          notices: [],
          fixesApplied: 0,
        };
        byPath.set(target, dest);
      }
      dest.findings.push(relocate(f, root, target));
    }
  }
  return [...byPath.values()]
    .map((f) => ({ ...f, findings: preferConsumed(f.findings) }))
    .filter((f) => f.findings.length || f.suppressed.length || f.notices.length || f.fixesApplied);
}

/**
 * An options module judged on its own (framework inferred) and through the file that passes it to its
 * middleware yields the same finding twice: the one that knows its consumer is kept.
 */
export function preferConsumed(findings: Finding[]): Finding[] {
  const known = new Set(
    findings.filter((f) => !f.inferred).map((f) => `${f.span.start}|${f.span.end}|${f.rule}`),
  );
  return findings
    .filter((f) => !f.inferred || !known.has(`${f.span.start}|${f.span.end}|${f.rule}`))
    .sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
}

/** A finding seen from `target`: its spans there name no file, spans of `root` name `root`. */
function relocate(f: Finding, root: string, target: string): Finding {
  return mapSpans(f, (s: Span) => {
    if (s.file === target) {
      const { file: _drop, ...rest } = s;
      void _drop;
      return rest;
    }
    return s.file ? s : { ...s, file: root };
  });
}

/**
 * `--fix` for values that live in another module: the bulk-applicable fixes whose edits are all in one
 * other file are applied to that file's current text and written. Returns the files written with the
 * number of fixes each (callers re-analyse the files that read them).
 */
export function fixElsewhere(
  files: FileResult[],
  projects: CliProjects,
  unsafe: boolean,
): Map<string, number> {
  const byFile = new Map<string, Fix[]>();
  for (const fr of files) {
    for (const fx of bulkFixes(fr.findings, unsafe)) {
      const target = fx.edits[0]?.file;
      if (!target || target === normalize(fr.path) || fx.edits.some((e) => e.file !== target))
        continue;
      byFile.set(target, [...(byFile.get(target) ?? []), fx]);
    }
  }
  const written = new Map<string, number>();
  for (const [file, fixes] of byFile) {
    const project = projects.for(file);
    if (!project.contains(file)) continue;
    const text = project.host.readFile(file);
    if (text === undefined) continue;
    const out = applyFixes(text, fixes, file);
    if (!out.applied || out.text === text) continue;
    writeFileSync(file, out.text);
    project.invalidate(file);
    written.set(file, out.applied);
  }
  return written;
}
