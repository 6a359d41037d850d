import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { analyze, languageOf, mayHoldCors } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG } from "../../server/src/core/config";
import type { Finding } from "../../server/src/core/model";
import { Project } from "../../server/src/core/project/project";
import { DiskProjectHost } from "../../server/src/project-host";

/** Every file under a folder (sorted). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/** A finding with the file it sits in (absolute path). */
export interface PlacedFinding {
  file: string;
  /** The analysed file that produced it. */
  root: string;
  finding: Finding;
}

/**
 * Analyses a folder as one project, the way the CLI does: every source file that passes the prefilter is
 * analysed with the project model; findings are placed in the file their span names, duplicates (two entry
 * points reading one settings module) once.
 */
export function analyzeProject(
  dir: string,
  gates = true,
): { findings: PlacedFinding[]; project: Project } {
  const project = new Project(new DiskProjectHost(), dir);
  const seen = new Set<string>();
  const findings: PlacedFinding[] = [];
  for (const file of filesUnder(dir)) {
    if (!languageOf(file) || /\.fixed\.\w+$/.test(file)) continue;
    const text = readFileSync(file, "utf8");
    if (!mayHoldCors(text)) continue;
    const r = analyze(text, file, {
      config: DEFAULT_CONFIG,
      relativePath: relative(dir, file),
      project,
      gates,
    });
    for (const f of r.findings) {
      const at = f.span.file ?? file;
      const key = `${at}|${f.span.start}|${f.span.end}|${f.rule}|${f.inferred ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({ file: at, root: file, finding: f });
    }
  }
  // An options module judged alone (framework inferred) and through its consumer: keep the consumer's.
  const known = new Set(
    findings
      .filter((p) => !p.finding.inferred)
      .map((p) => `${p.file}|${p.finding.span.start}|${p.finding.rule}`),
  );
  const kept = findings.filter(
    (p) => !p.finding.inferred || !known.has(`${p.file}|${p.finding.span.start}|${p.finding.rule}`),
  );
  return { findings: kept, project };
}
