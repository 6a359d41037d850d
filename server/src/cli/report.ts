import type { Finding, Language, Notice, Severity } from "../core/model";
import { LineIndex } from "../core/line-index";
import type { WalkNote } from "../walk";

/** What the run learnt about one file that has something to report. */
export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Relative to the working folder, forward slashes. */
  display: string;
  /**
   * The text the findings refer to (after fixes, with --fix); empty when the file has nothing to report,
   * so that the results of quiet files cost nothing to keep or to send between threads.
   */
  text: string;
  language: Language | undefined;
  findings: Finding[];
  /** Findings silenced by suppression comments (SARIF reports them as suppressed results). */
  suppressed: Finding[];
  /** Syntax errors and unused suppressions: reported as warnings. */
  notices: Notice[];
  fixesApplied: number;
}

/** Everything a formatter needs. */
export interface RunResult {
  cwd: string;
  /** The repository root (or the working folder): SARIF URIs are relative to it. */
  srcRoot: string;
  version: string;
  files: FileResult[];
  filesScanned: number;
  durationMs: number;
  fixesApplied: number;
  /** Files skipped or unreadable. */
  notes: WalkNote[];
  /** Whether unsafe fixes count as applicable (--unsafe-fixes or the config). */
  unsafeFixes: boolean;
}

/** Problem counts as the exit code sees them: notices count as warnings. */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

/** A 1-based line and column (UTF-16 units). */
export interface Position {
  line: number;
  column: number;
}

/** The notices a formatter reports as warnings (internal errors go to stderr instead). */
export function reportedNotices(file: FileResult): Notice[] {
  return file.notices.filter((n) => n.kind === "syntax" || n.kind === "unused-suppression");
}

/** The rule-like name a notice is reported under. */
export function noticeName(n: Notice): string {
  return n.kind === "syntax" ? "syntax-error" : n.kind;
}

/** Counts findings by severity, plus notices as warnings. */
export function countProblems(files: FileResult[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, hints: 0 };
  const key: Record<Severity, keyof Counts> = {
    error: "errors",
    warning: "warnings",
    info: "infos",
    hint: "hints",
  };
  for (const f of files) {
    for (const x of f.findings) c[key[x.severity]]++;
    c.warnings += reportedNotices(f).length;
  }
  return c;
}

/** Files with at least one reported finding or notice. */
export function filesWithProblems(files: FileResult[]): number {
  return files.filter((f) => f.findings.length || reportedNotices(f).length).length;
}

/** Converts UTF-16 offsets to 1-based positions, with a per-text cache of line starts. */
export class Positions {
  private readonly index: LineIndex;

  constructor(private readonly text: string) {
    this.index = new LineIndex(text);
  }

  at(offset: number): Position {
    const p = this.index.position(offset);
    return { line: p.line + 1, column: p.character + 1 };
  }

  /** The text between two offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    return this.index.lineText(line - 1);
  }
}

/** Keeps what --quiet shows: error findings only, no notices. */
export function quietOnly(files: FileResult[]): FileResult[] {
  return files.map((f) => ({
    ...f,
    findings: f.findings.filter((x) => x.severity === "error"),
    suppressed: f.suppressed.filter((x) => x.severity === "error"),
    notices: f.notices.filter((n) => n.kind === "internal"),
  }));
}

/** "3 errors, 1 warning" (zero counts left out); "" when there is nothing. */
export function countsText(c: Counts): string {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string): void => {
    if (n) parts.push(`${n} ${n === 1 ? one : many}`);
  };
  add(c.errors, "error", "errors");
  add(c.warnings, "warning", "warnings");
  add(c.infos, "info", "infos");
  add(c.hints, "hint", "hints");
  return parts.join(", ");
}
