import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { analyze, initEngine, languageOf } from "../core/analyze";
import { fixUntilStable } from "../core/apply-fixes";
import { restrictAll } from "../core/restrict";
import type { Finding } from "../core/model";
import { SourceReader, type SourceRead } from "../scan/read-source";
import { wasmSources } from "../wasm-files";
import { displayPath, errorText, type WalkNote } from "../walk";
import { writeFixedFile } from "../write-safety";
import type { CliOptions } from "./args";
import { FatalError, type ConfigFiles } from "./config-files";
import { CliProjects } from "./projects";
import type { FileResult } from "./report";

/** What linting one file gave: its result when it has something to report, and notes. */
export interface LintOutcome {
  /** Whether the file was read (and so counts as scanned). */
  scanned: boolean;
  file?: FileResult;
  /** Whether unsafe fixes count as applicable for this file. */
  unsafe: boolean;
  notes: WalkNote[];
}

/** Lints files one at a time in this thread: reads bytes, prefilters, parses only what passes. */
export class FileLinter {
  private readonly reader = new SourceReader();
  private python?: Promise<void>;
  /** The projects the files belong to: imported modules are parsed once per thread. */
  readonly projects: CliProjects;
  private writeRoots?: string[];

  constructor(
    private readonly options: CliOptions,
    private readonly configs: ConfigFiles,
    private readonly cwd: string,
    /** Replaces the byte reader (tests inject failures); the text is then prefiltered as a string. */
    private readonly readFile?: (path: string) => string,
  ) {
    this.projects = new CliProjects(options.paths.map((p) => resolve(cwd, p)));
  }

  /** Lints one file; the Python parser is loaded the first time a Python file passes the prefilter. */
  lint(path: string): Promise<LintOutcome> {
    return this.complete(path, this.read(path));
  }

  /** The rest of linting a file once it was read (in this thread or by a reader thread). */
  async complete(path: string, read: SourceRead): Promise<LintOutcome> {
    if (read.kind === "error")
      return this.note(path, `cannot read: ${errorText(read.error)}`, false);
    if (read.kind === "too-large")
      return this.note(
        path,
        `skipped: larger than 2 MB (${(read.size / 1048576).toFixed(1)} MB)`,
        false,
      );
    // The folder's configuration (cached per folder): no relative path for a file the prefilter drops.
    const loaded = this.configs.forDir(dirname(path));
    const unsafe = this.options.unsafeFixes || loaded.config.unsafeFixes;
    if (read.kind === "filtered") return { scanned: true, unsafe, notes: [] };
    if (languageOf(path) === "python") await (this.python ??= initEngine(wasmSources()));
    const notes: WalkNote[] = [];
    const file = this.analyse(path, read.text, unsafe, notes);
    if (!file.findings.length && !file.suppressed.length && !file.notices.length) file.text = "";
    return { scanned: true, unsafe, notes, file };
  }

  /** Where fixes may write: each folder named on the command line, or the folder of a named file. */
  private roots(): string[] {
    return (this.writeRoots ??= this.options.paths.map((p) => {
      const abs = resolve(this.cwd, p);
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    }));
  }

  /** Reads a file (bytes first: the text only when it passes the prefilter). */
  read(path: string): SourceRead {
    if (!this.readFile) return this.reader.read(path);
    try {
      return { kind: "text", text: this.readFile(path) };
    } catch (error) {
      return { kind: "error", error };
    }
  }

  private note(path: string, message: string, scanned: boolean): LintOutcome {
    return { scanned, unsafe: this.options.unsafeFixes, notes: [{ path, message }] };
  }

  /**
   * Writes `after` over a file that held `before`, only inside the scanned folders, only over the
   * bytes that were read, atomically (see write-safety.ts); a refusal becomes a note. Returns
   * whether the file was written.
   */
  private write(path: string, before: string, after: string, notes: WalkNote[]): boolean {
    let refused: string | undefined;
    try {
      refused = writeFixedFile(path, before, after, this.roots());
    } catch (e) {
      throw new FatalError(
        `cors-lint: ${displayPath(path, this.cwd)}: cannot write the fixed file: ${errorText(e)}`,
      );
    }
    if (refused) notes.push({ path, message: refused });
    return !refused;
  }

  /**
   * `--restrict-origins`: every configuration that allows any origin or echoes the request's, restricted
   * with `core/restrict.ts`; what was restricted and what could not be (with the reason) become notes.
   */
  private restrict(
    path: string,
    text: string,
    analyzeOptions: Parameters<typeof analyze>[2],
    notes: WalkNote[],
  ): string {
    const origins = this.options.restrictOrigins ?? [];
    const out = restrictAll(text, analyze(text, path, analyzeOptions).policies, origins);
    const line = (offset: number): number => text.slice(0, offset).split("\n").length;
    for (const p of out.restricted)
      notes.push({
        path,
        message: `line ${line(p.anchor.start)}: origins restricted to ${origins.join(", ")}`,
      });
    for (const r of out.refused)
      notes.push({
        path,
        message: `line ${line(r.policy.anchor.start)}: origins not restricted: ${r.reason}`,
      });
    return out.text;
  }

  private analyse(path: string, original: string, unsafe: boolean, notes: WalkNote[]): FileResult {
    const { loaded, relativePath } = this.configs.forFile(path);
    const project = this.projects.for(path);
    const analyzeOptions = { config: loaded.config, relativePath, project };
    let text = original;
    let fixesApplied = 0;
    let analysis;
    if (this.options.restrictOrigins) {
      const restricted = this.restrict(path, text, analyzeOptions, notes);
      if (restricted !== text && this.write(path, text, restricted, notes)) text = restricted;
    }
    if (this.options.fix) {
      const out = fixUntilStable(text, path, analyzeOptions, unsafe);
      analysis = out.analysis;
      if (out.applied && out.text !== text) {
        if (this.write(path, text, out.text, notes)) {
          text = out.text;
          fixesApplied = out.applied;
        } else analysis = analyze(text, path, analyzeOptions);
      }
    } else {
      analysis = analyze(text, path, analyzeOptions);
    }
    return {
      path,
      display: displayPath(path, this.cwd),
      text,
      language: analysis.language,
      findings: analysis.findings.map(withoutPlaceholders),
      suppressed: analysis.suppressed,
      notices: analysis.notices,
      fixesApplied,
    };
  }
}

/**
 * The CLI cannot ask which origin to write: a fix that would insert an invented origin is not
 * offered (it is with `productionOrigins` configured, which fills in real ones).
 */
function withoutPlaceholders(f: Finding): Finding {
  return f.fixes.some((x) => x.placeholder)
    ? { ...f, fixes: f.fixes.filter((x) => !x.placeholder) }
    : f;
}
