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
  const files: string[] = [];
  const notes: WalkNote[] = [];
  const seen = new Set<string>();
  const git = new Gitignores();
  const addFile = (path: string, real: string, explicit: boolean): void => {
    if (seen.has(real)) return;
    seen.add(real);
    if (!languageOf(path)) {
      if (explicit)
        notes.push({ path, message: "skipped: not a Python or TypeScript/JavaScript file" });
      return;
    }
    const ignoredBy = options.configIgnores(path, false);
    if (ignoredBy) {
      if (explicit)
        notes.push({ path, message: `skipped: matches an "ignore" glob in ${ignoredBy}` });
      return;
    }
    files.push(path);
  };
  /** `real` is the folder's real path: a child's is its own unless the child is a symbolic link. */
  const visitDir = (dir: string, real: string, ceiling: string, top: boolean): void => {
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notes.push({ path: dir, message: `cannot read folder: ${errorText(e)}` });
      return;
    }
    // A virtualenv below the start folder is skipped (its own listing says so: no extra stat).
    if (!top && entries.some((e) => e.name === "pyvenv.cfg")) return;
    git.listed(
      dir,
      entries.some((e) => e.name === ".gitignore"),
    );
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      const path = join(dir, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let childReal = join(real, name);
      if (entry.isSymbolicLink() || (!isDir && !isFile)) {
        try {
          const st = statSync(path);
          isDir = st.isDirectory();
          isFile = st.isFile();
          childReal = realpathSync(path);
        } catch (e) {
          const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
          if (languageOf(name))
            notes.push({
              path,
              message: `cannot read${link ? " symbolic link" : ""}: ${errorText(e)}`,
            });
          continue;
        }
      }
      if (isDir) {
        if (DEFAULT_EXCLUDES.has(name)) continue;
        if (git.ignores(path, true, ceiling) || options.configIgnores(path, true)) continue;
        visitDir(path, childReal, ceiling, false);
      } else if (isFile && languageOf(name) && !git.ignores(path, false, ceiling)) {
        addFile(path, childReal, false);
      }
    }
  };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) visitDir(p, safeRealpath(p), gitRoot(p) ?? p, true);
    else addFile(p, safeRealpath(p), true);
  }
  return { files, notes };
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

  ignores(path: string, isDir: boolean, ceiling: string): boolean {
    const layers = this.layers(dirname(path), ceiling);
    for (let i = layers.length - 1; i >= 0; i--) {
      const rel = relative(layers[i].base, path).split(sep).join("/");
      const r = layers[i].ig.test(isDir ? rel + "/" : rel);
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }

  private layers(dir: string, ceiling: string): Layer[] {
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
