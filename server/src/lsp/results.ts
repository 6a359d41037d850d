import picomatch from "picomatch";
import type { Diagnostic } from "vscode-languageserver";
import { analyze, type FileAnalysis, type ParseCache } from "../core/analyze";
import { relativePath, type EffectiveConfig } from "./config-files";
import { LineMap, noticeDiagnostic, toDiagnostic } from "./convert";
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
): FileResult {
  let analysis: FileAnalysis;
  try {
    analysis = analyze(text, path, {
      config: config.config,
      relativePath: relativePath(config.baseDir, path),
      parseCache,
    });
  } catch (e) {
    // The engine guards extractors and rules itself; this keeps one bad file from stopping a scan.
    const message = `internal error: ${(e as Error).stack ?? String(e)}`;
    analysis = { ...EMPTY, notices: [{ kind: "internal", message }] };
  }
  const map = new LineMap(text);
  const diagnostics = analysis.findings.map((f) => toDiagnostic(f, map, uri));
  for (const n of analysis.notices) {
    const d = noticeDiagnostic(n, map);
    if (d) diagnostics.push(d);
  }
  return { uri, path, origin, version, map, analysis, diagnostics, config };
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
