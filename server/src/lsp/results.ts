import picomatch from "picomatch";
import type { Diagnostic } from "vscode-languageserver";
import { analyze, type FileAnalysis, type ParseCache } from "../core/analyze";
import { relativePath, type EffectiveConfig } from "./config-files";
import type { Project } from "../core/project/project";
import { LineMap, noticeDiagnostic, toDiagnostic } from "./convert";
import { canonicalUri, pathToUri } from "./uri";
import type { Settings } from "./settings";

/** What the server knows about one file: its last analysis and the text it was made from. */
export interface FileResult {
  uri: string;
  path: string;
  /** `open`: from the editor's buffer; `disk`: read by the workspace scan. */
  origin: "open" | "disk";
  version?: number;
  map: LineMap;
  analysis: FileAnalysis;
  diagnostics: Diagnostic[];
  config: EffectiveConfig;
  /**
   * Diagnostics this file's policies put in other modules (where a value they read is written), by the
   * canonical URI of that module.
   */
  elsewhere?: Map<string, { uri: string; diagnostics: Diagnostic[] }>;
}

const EMPTY: FileAnalysis = {
  language: undefined,
  parsed: false,
  policies: [],
  findings: [],
  suppressed: [],
  notices: [],
};

/** Analyses one text with its effective configuration and converts the findings; never throws. */
export function analyzeFile(
  uri: string,
  path: string,
  text: string,
  config: EffectiveConfig,
  origin: FileResult["origin"],
  version?: number,
  parseCache?: ParseCache,
  project?: Project,
): FileResult {
  let analysis: FileAnalysis;
  try {
    analysis = analyze(text, path, {
      config: config.config,
      relativePath: relativePath(config.baseDir, path),
      parseCache,
      project,
    });
  } catch (e) {
    // The engine guards extractors and rules itself; this keeps one bad file from stopping a scan.
    const message = `internal error: ${(e as Error).stack ?? String(e)}`;
    analysis = { ...EMPTY, notices: [{ kind: "internal", message }] };
  }
  const map = new LineMap(text);
  const maps = new Map<string, { uri: string; map: LineMap }>();
  const locate = (file: string | undefined): { uri: string; map: LineMap } => {
    if (!file || file === path.replace(/\\/g, "/")) return { uri, map };
    let m = maps.get(file);
    if (!m)
      maps.set(file, (m = { uri: pathToUri(file), map: new LineMap(project?.textOf(file) ?? "") }));
    return m;
  };
  const diagnostics: Diagnostic[] = [];
  const elsewhere = new Map<string, { uri: string; diagnostics: Diagnostic[] }>();
  for (const f of analysis.findings) {
    const at = locate(f.span.file);
    const d = toDiagnostic(f, at.map, at.uri, locate);
    if (at.uri === uri) diagnostics.push(d);
    else {
      const key = canonicalUri(at.uri);
      let e = elsewhere.get(key);
      if (!e) elsewhere.set(key, (e = { uri: at.uri, diagnostics: [] }));
      e.diagnostics.push(d);
    }
  }
  for (const n of analysis.notices) {
    const d = noticeDiagnostic(n, map);
    if (d) diagnostics.push(d);
  }
  return { uri, path, origin, version, map, analysis, diagnostics, config, elsewhere };
}

/**
 * A file's own diagnostics with those other files' policies placed in it: duplicates once, and an options
 * module's own "framework inferred" diagnostic gives way to the one from the file that passes the options
 * to its middleware.
 */
export function mergePlaced(own: Diagnostic[], placed: Diagnostic[]): Diagnostic[] {
  if (!placed.length) return own;
  const at = (d: Diagnostic): string =>
    `${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${String(d.code)}`;
  const known = new Set(placed.filter((d) => !isInferred(d)).map(at));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...own, ...placed]) {
    const k = `${at(d)}:${d.message}`;
    if (seen.has(k) || (isInferred(d) && known.has(at(d)))) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

function isInferred(d: Diagnostic): boolean {
  return !!(d.data as { inferred?: boolean } | undefined)?.inferred;
}

const globCache = new Map<string, (p: string) => boolean>();

function matches(globs: string[], rel: string): boolean {
  return globs.some((g) => {
    let m = globCache.get(g);
    if (!m) {
      m = picomatch(g, { dot: true });
      globCache.set(g, m);
    }
    return m(rel) || m(rel + "/");
  });
}

/**
 * Whether a file is excluded by `corsLint.exclude` (relative to its workspace folder) or by the `ignore`
 * globs of its `.cors-lint.json` (relative to that file's folder).
 */
export function isExcluded(
  path: string,
  settings: Settings,
  config: EffectiveConfig,
  root: string | undefined,
): boolean {
  if (root && settings.exclude.length && matches(settings.exclude, relativePath(root, path)))
    return true;
  return (
    config.config.ignore.length > 0 &&
    matches(config.config.ignore, relativePath(config.baseDir, path))
  );
}

/** Every result, keyed by canonical document URI (see uri.ts). */
export class ResultStore {
  private readonly byUri = new Map<string, FileResult>();

  get(key: string): FileResult | undefined {
    return this.byUri.get(key);
  }

  set(key: string, r: FileResult): void {
    this.byUri.set(key, r);
  }

  delete(key: string): boolean {
    return this.byUri.delete(key);
  }

  all(): FileResult[] {
    return [...this.byUri.values()].sort((a, b) => a.uri.localeCompare(b.uri));
  }
}
