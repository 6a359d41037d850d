import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CliProjects, fixElsewhere, placeFindings } from "./projects";
import { HELP, parseArgs, UsageError, type CliOptions } from "./args";
import { ConfigFiles, FatalError } from "./config-files";
import { FileLinter, type LintOutcome } from "./lint-file";
import { lintInThreads, MIN_FILES_FOR_WORKERS, threadCount } from "./pool";
import { formatGithub } from "./formats/github";
import { formatJson } from "./formats/json";
import { formatSarif } from "./formats/sarif";
import { formatText } from "./formats/text";
import { countProblems, quietOnly, type FileResult, type RunResult } from "./report";
import { displayPath, errorText, gitRoot, Walker, type WalkNote } from "../walk";
import { version } from "../../../package.json";

/** A stream the CLI writes to. */
export interface OutStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Everything the CLI touches besides the file system, so tests can run it in-process. */
export interface CliIO {
  cwd: string;
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  /** Milliseconds, for durations and the progress line (default: performance.now). */
  now?: () => number;
  /** Reads a file to analyse (default: readFileSync as UTF-8). */
  readFile?: (path: string) => string;
}

/** Folder entries the walk looks at between two looks at the workers' results. */
const WALK_SLICE = 2000;

/** Runs the CLI; resolves to the exit code (0 clean, 1 failing findings, 2 usage/config/internal error). */
export async function run(argv: string[], io: CliIO): Promise<number> {
  try {
    const options = parseArgs(argv);
    if (options.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (options.version) {
      io.stdout.write(`cors-lint ${version}\n`);
      return 0;
    }
    return await lint(options, io, argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`cors-lint: ${e.message}\nRun 'cors-lint --help' for usage.\n`);
      return 2;
    }
    if (e instanceof FatalError) {
      io.stderr.write(e.message + "\n");
      return 2;
    }
    io.stderr.write(`cors-lint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 2;
  }
}

async function lint(options: CliOptions, io: CliIO, argv: string[]): Promise<number> {
  const now = io.now ?? (() => performance.now());
  const started = now();
  const paths = options.paths.map((p) => resolve(io.cwd, p));
  for (let i = 0; i < paths.length; i++) {
    if (!existsSync(paths[i])) throw new UsageError(`no such file or folder: ${options.paths[i]}`);
  }
  const configs = new ConfigFiles(io.cwd, options.config, options.rules);
  const walker = new Walker(paths, {
    configIgnores: (p) => configs.ignores(p),
    ignoresNothingIn: (dir) => configs.ignoresNothingIn(dir),
  });
  const files: string[] = [];
  const progress = new Progress(io.stderr, now);
  // Outcomes by walk index: the report keeps the walk's order whichever thread finishes first.
  const outcomes: LintOutcome[] = [];
  let finished = 0;
  const done = (i: number, o: LintOutcome): void => {
    outcomes[i] = o;
    progress.tick(++finished, files.length);
  };
  // Walk until the run is known to be small (it stays in this thread) or large enough for workers,
  // which then start at once and lint while the walk goes on.
  let walking = true;
  while (walking && files.length < MIN_FILES_FOR_WORKERS) walking = walker.next(files, 256);
  const threads = io.readFile ? 1 : threadCount(walking ? Infinity : files.length, options.jobs);
  const linter = new FileLinter(options, configs, io.cwd, io.readFile);
  if (threads > 1) {
    const stream = { files, more: () => walking && (walking = walker.next(files, WALK_SLICE)) };
    await lintInThreads(stream, threads, { argv, cwd: io.cwd }, linter, done);
  } else {
    while (walking) walking = walker.next(files, Infinity);
    for (let i = 0; i < files.length; i++) done(i, await linter.lint(files[i]));
  }
  linter.projects.dispose();
  progress.done();
  if (options.fix) await fixOtherModules(outcomes, options, configs, io);
  const notes: WalkNote[] = [...walker.notes];
  const results: FileResult[] = [];
  let scanned = 0;
  let fixesApplied = 0;
  let unsafeSeen = options.unsafeFixes;
  for (const o of outcomes) {
    notes.push(...o.notes);
    if (!o.scanned) continue;
    scanned++;
    unsafeSeen ||= o.unsafe;
    if (!o.file) continue;
    fixesApplied += o.file.fixesApplied;
    const f = o.file;
    if (f.findings.length || f.suppressed.length || f.notices.length) results.push(f);
  }
  notes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const placing = new CliProjects(paths);
  const placed = placeFindings(results, placing, io.cwd);
  placing.dispose();
  const result: RunResult = {
    cwd: io.cwd,
    srcRoot: gitRoot(io.cwd) ?? io.cwd,
    version,
    files: options.quiet ? quietOnly(placed) : placed,
    filesScanned: scanned,
    durationMs: now() - started,
    fixesApplied,
    notes,
    unsafeFixes: unsafeSeen,
  };
  emit(result, options, io);
  return exitCode(result, options);
}

function emit(result: RunResult, options: CliOptions, io: CliIO): void {
  for (const note of result.notes)
    io.stderr.write(`cors-lint: ${displayPath(note.path, io.cwd)}: ${note.message}\n`);
  for (const file of result.files) {
    for (const n of file.notices) {
      if (n.kind === "internal") io.stderr.write(`cors-lint: ${file.display}: ${n.message}\n`);
    }
  }
  const toFile = options.output !== undefined;
  let report: string;
  switch (options.format) {
    case "json":
      report = formatJson(result);
      break;
    case "sarif":
      report = formatSarif(result);
      break;
    case "github":
      report = formatGithub(result);
      break;
    default:
      report = formatText(result, { color: !toFile && useColor(options, io) });
  }
  if (!toFile) {
    io.stdout.write(report);
    return;
  }
  const target = resolve(io.cwd, options.output!);
  try {
    if (!existsSync(dirname(target)))
      throw Object.assign(new Error("no such folder"), { code: "ENOENT" });
    writeFileSync(target, report);
  } catch (e) {
    throw new FatalError(`cors-lint: cannot write ${options.output}: ${errorText(e)}`);
  }
}

/**
 * `--fix` for values written in other modules (a settings or options module): the bulk-applicable fixes
 * that edit only such a module are applied there, then the files reading it are linted again.
 */
async function fixOtherModules(
  outcomes: LintOutcome[],
  options: CliOptions,
  configs: ConfigFiles,
  io: CliIO,
): Promise<void> {
  const linter = new FileLinter(options, configs, io.cwd, io.readFile);
  const unsafe = options.unsafeFixes || outcomes.some((o) => o.unsafe && o.file);
  const results = outcomes.flatMap((o) => (o.file ? [o.file] : []));
  const written = fixElsewhere(results, linter.projects, unsafe);
  if (written.size) {
    for (let i = 0; i < outcomes.length; i++) {
      const f = outcomes[i].file;
      if (!f || !f.findings.some((x) => x.span.file && written.has(x.span.file))) continue;
      const again = await linter.lint(f.path);
      if (again.file) again.file.fixesApplied += f.fixesApplied;
      outcomes[i] = again;
    }
    const first = outcomes.find((o) => o.file);
    if (first?.file) for (const n of written.values()) first.file.fixesApplied += n;
  }
  linter.projects.dispose();
}

/** --color/--no-color win; then NO_COLOR, then FORCE_COLOR; otherwise colour only on a terminal. */
export function useColor(
  options: Pick<CliOptions, "color">,
  io: Pick<CliIO, "env" | "stdout">,
): boolean {
  if (options.color !== undefined) return options.color;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return !!io.stdout.isTTY;
}

function exitCode(result: RunResult, options: CliOptions): number {
  if (result.files.some((f) => f.notices.some((n) => n.kind === "internal"))) return 2;
  if (options.exitZero) return 0;
  const c = countProblems(result.files);
  if (c.errors > 0) return 1;
  if (options.maxWarnings !== undefined && c.warnings > options.maxWarnings) return 1;
  return 0;
}

/** A "scanned n/m files" line on a terminal's stderr, only once a scan has run for a second. */
class Progress {
  private shown = false;
  private last = 0;
  private readonly start: number;

  constructor(
    private readonly stream: OutStream,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  tick(done: number, total: number): void {
    if (!this.stream.isTTY) return;
    const t = this.now();
    if (t - this.start < 1000 || t - this.last < 100) return;
    this.last = t;
    this.shown = true;
    this.stream.write(`\r\x1b[Kcors-lint: ${done}/${total} files`);
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
  }
}
