import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  type Dirent,
} from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { languageOf } from "./core/analyze";
import { MAX_FILE_BYTES } from "./scan/read-source";

export { MAX_FILE_BYTES };

/** Folders never searched (an explicitly named folder is still searched). */
export const DEFAULT_EXCLUDES = new Set([
  "node_modules",
  ".venv",
  "venv",
  "dist",
  "build",
  "out",
  ".git",
  "__pycache__",
  ".tox",
  ".mypy_cache",
  "coverage",
  ".next",
]);

/** Something the walk could not or would not read, shown as a note. */
export interface WalkNote {
  path: string;
  message: string;
}

export interface WalkOptions {
  /** Whether the configuration that applies to a path ignores it; returns the config file's name if so. */
  configIgnores(path: string, isDir: boolean): string | undefined;
  /**
   * Optional: true when no configuration `ignore` glob can match an entry of `dir` (the walk then skips
   * {@link WalkOptions.configIgnores} for that folder's entries).
   */
  ignoresNothingIn?(dir: string): boolean;
}

/** The files to analyse (absolute, in a stable order) and what was skipped. */
export interface WalkResult {
  files: string[];
  notes: WalkNote[];
}

/**
 * Collects the files under the given paths. Folders: by extension, honouring nested `.gitignore` files
 * (and those above, up to the repository root), the default excludes, virtualenvs (a `pyvenv.cfg`) and
 * config `ignore` globs; symbolic links are followed once (real paths are tracked, so loops end).
 * A file named explicitly is analysed even when a default exclude or `.gitignore` would skip it; the config's
 * `ignore` globs still apply to it (with a note), so editor and pre-commit integrations agree with folder runs.
 * Folder entries come with their types: only symbolic links cost a `stat` and a `realpath`. Files larger than
 * {@link MAX_FILE_BYTES} are listed; whoever reads them skips them with a note.
 */
export function walk(paths: string[], options: WalkOptions): WalkResult {
  const walker = new Walker(paths, options);
  const files: string[] = [];
  while (walker.next(files, Infinity));
  return { files, notes: walker.notes };
}

/** A folder being listed: its sorted entries and how far the walk got. */
interface Frame {
  /** The folder's path with a trailing separator: a child's path is `prefix + name`. */
  prefix: string;
  /** The same for its real path. */
  realPrefix: string;
  ceiling: string;
  entries: Dirent[];
  at: number;
  /** The `.gitignore` layers that apply to its entries, with the folder's path relative to each. */
  layers: { ig: Ignore; rel: string }[];
  /** Whether config `ignore` globs must be asked about its entries. */
  askConfig: boolean;
}

/**
 * {@link walk} in steps, so a caller can hand files to workers while the walk goes on: the files come
 * in exactly the order `walk` returns them. Per folder (not per entry): the `.gitignore` layers and
 * whether config globs apply; per entry, only a file with a source extension costs a path.
 */
export class Walker {
  readonly notes: WalkNote[] = [];
  private readonly seen = new Set<string>();
  private readonly git = new Gitignores();
  private readonly stack: Frame[] = [];
  private nextPath = 0;

  constructor(
    private readonly paths: string[],
    private readonly options: WalkOptions,
  ) {}

  /**
   * Appends the next files to `out`, looking at about `budget` folder entries; returns false once the
   * walk is over (then nothing more will come).
   */
  next(out: string[], budget: number): boolean {
    let left = budget;
    while (left > 0) {
      const frame = this.stack[this.stack.length - 1];
      if (!frame) {
        if (this.nextPath >= this.paths.length) return false;
        this.start(this.paths[this.nextPath++], out);
        continue;
      }
      if (frame.at >= frame.entries.length) {
        this.stack.pop();
        continue;
      }
      left--;
      this.entry(frame, frame.entries[frame.at++], out);
    }
    return this.stack.length > 0 || this.nextPath < this.paths.length;
  }

  private start(p: string, out: string[]): void {
    const st = statSync(p);
    if (st.isDirectory()) this.visitDir(p, safeRealpath(p), gitRoot(p) ?? p, true);
    else this.addFile(p, safeRealpath(p), true, out);
  }

  private addFile(path: string, real: string, explicit: boolean, out: string[]): void {
    if (this.seen.has(real)) return;
    this.seen.add(real);
    if (!languageOf(path)) {
      if (explicit)
        this.notes.push({ path, message: "skipped: not a Python or TypeScript/JavaScript file" });
      return;
    }
    const ignoredBy = this.options.configIgnores(path, false);
    if (ignoredBy) {
      if (explicit)
        this.notes.push({ path, message: `skipped: matches an "ignore" glob in ${ignoredBy}` });
      return;
    }
    out.push(path);
  }

  /** Lists a folder and pushes it on the stack; `real` is its real path. */
  private visitDir(dir: string, real: string, ceiling: string, top: boolean): void {
    if (this.seen.has(real)) return;
    this.seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      this.notes.push({ path: dir, message: `cannot read folder: ${errorText(e)}` });
      return;
    }
    let gitignore = false;
    for (const e of entries) {
      // A virtualenv below the start folder is skipped (its own listing says so: no extra stat).
      if (e.name === "pyvenv.cfg" && !top) return;
      if (e.name === ".gitignore") gitignore = true;
    }
    // Entries' paths are built as `join` would (the start folder normalised, one separator).
    const folder = top ? dirname(join(dir, "_")) : dir;
    this.git.listed(folder, gitignore);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const layers = this.git
      .layers(folder, ceiling)
      .map((l) => ({ ig: l.ig, rel: relPrefix(l.base, folder) }));
    this.stack.push({
      prefix: top ? join(dir, "_").slice(0, -1) : dir + sep,
      realPrefix: withSep(real),
      ceiling,
      entries,
      at: 0,
      layers,
      askConfig: !this.options.ignoresNothingIn?.(folder),
    });
  }

  private entry(frame: Frame, entry: Dirent, out: string[]): void {
    const name = entry.name;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (isFile) {
      // The common case: a regular file, with no path built unless its extension is a source one.
      if (!languageOf(name) || this.gitIgnores(frame, name, false)) return;
      const path = frame.prefix + name;
      if (frame.askConfig) this.addFile(path, frame.realPrefix + name, false, out);
      else if (!this.seen.has(frame.realPrefix + name)) {
        this.seen.add(frame.realPrefix + name);
        out.push(path);
      }
      return;
    }
    const path = frame.prefix + name;
    let childReal = frame.realPrefix + name;
    if (entry.isSymbolicLink() || !isDir) {
      try {
        const st = statSync(path);
        isDir = st.isDirectory();
        isFile = st.isFile();
        childReal = realpathSync(path);
      } catch (e) {
        const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
        if (languageOf(name))
          this.notes.push({
            path,
            message: `cannot read${link ? " symbolic link" : ""}: ${errorText(e)}`,
          });
        return;
      }
    }
    if (isDir) {
      if (DEFAULT_EXCLUDES.has(name)) return;
      if (this.gitIgnores(frame, name, true)) return;
      if (frame.askConfig && this.options.configIgnores(path, true)) return;
      this.visitDir(path, childReal, frame.ceiling, false);
    } else if (isFile && languageOf(name) && !this.gitIgnores(frame, name, false)) {
      this.addFile(path, childReal, false, out);
    }
  }

  /** Whether the `.gitignore` files that apply to a folder's entry ignore it (deeper files first, as git). */
  private gitIgnores(frame: Frame, name: string, isDir: boolean): boolean {
    for (let i = frame.layers.length - 1; i >= 0; i--) {
      const rel = frame.layers[i].rel + name;
      const r = frame.layers[i].ig.test(isDir ? rel + "/" : rel);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }
}

/** A folder path with one trailing separator. */
function withSep(dir: string): string {
  return dir.endsWith(sep) ? dir : dir + sep;
}

/** `dir` relative to `base` (an ancestor or itself), with forward slashes and a trailing one ("" for itself). */
function relPrefix(base: string, dir: string): string {
  const rel = relative(base, dir).split(sep).join("/");
  return rel === "" ? "" : rel + "/";
}

interface Layer {
  base: string;
  ig: Ignore;
}

/** `.gitignore` files by folder; deeper files take precedence, as in git. */
class Gitignores {
  private readonly cache = new Map<string, Layer[]>();
  /** Folders whose listing was read, and whether it holds a `.gitignore` (no failed reads for the rest). */
  private readonly hasFile = new Map<string, boolean>();

  listed(dir: string, hasGitignore: boolean): void {
    this.hasFile.set(dir, hasGitignore);
  }

  /** The layers that apply to the entries of `dir`, outermost first. */
  layers(dir: string, ceiling: string): Layer[] {
    const cached = this.cache.get(dir);
    if (cached) return cached;
    const parent = dirname(dir);
    const above =
      dir === ceiling || parent === dir || !isInside(ceiling, dir)
        ? []
        : this.layers(parent, ceiling);
    let own: Layer[] = [];
    if (this.hasFile.get(dir) !== false)
      try {
        own = [{ base: dir, ig: ignore().add(readFileSync(join(dir, ".gitignore"), "utf8")) }];
      } catch {
        // no .gitignore here
      }
    const layers = own.length ? [...above, ...own] : above;
    this.cache.set(dir, layers);
    return layers;
  }
}

function isInside(ancestor: string, path: string): boolean {
  const rel = relative(ancestor, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}

/** The folder holding `.git` at or above `dir`, if any. */
export function gitRoot(dir: string): string | undefined {
  let d = dir;
  for (;;) {
    if (existsSync(join(d, ".git"))) return d;
    const parent = dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** A short reason from a Node file system error ("permission denied (EACCES)"). */
export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "no such file or directory",
    ELOOP: "too many levels of symbolic links",
    EISDIR: "is a folder",
  };
  return err.code && known[err.code]
    ? `${known[err.code]} (${err.code})`
    : (err.message ?? String(e));
}

/** A path for display: relative to the working folder, forward slashes. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return (rel === "" ? basename(path) : rel).split(sep).join("/");
}
