/**
 * The real-code corpus of `npm run bench`: Python's standard library and installed packages plus the
 * JS/TS of this project's node_modules, copied under the system temp folder (outside any git
 * repository, so no ignore file hides anything) and cached there between runs.
 *
 * Only files that both cors-lint and ripgrep consider are copied, so the two tools scan the same set:
 * cors-lint's source extensions (no `.d.ts`), at most 2 MB (cors-lint skips larger files with a note),
 * and folder or file names that either tool skips by default (hidden names, node_modules, dist, build,
 * out, __pycache__, ...) are renamed with a `_` prefix rather than dropped.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { languageOf } from "../server/src/core/analyze";
import { DEFAULT_EXCLUDES, MAX_FILE_BYTES } from "../server/src/walk";

/** Bumped when the selection rules change, so a cached corpus is rebuilt. */
const LAYOUT_VERSION = 1;

/** One source folder and the corpus subfolder it is copied to. */
interface Source {
  from: string;
  to: string;
  half: "python" | "typescript";
}

/** The corpus on disk. */
export interface RealCorpus {
  dir: string;
  files: number;
  bytes: number;
  lines: number;
  halves: Record<"python" | "typescript", { dir: string; files: number; bytes: number }>;
  sources: { from: string; files: number }[];
  /** Files left out because they exceed cors-lint's size limit (both tools would then differ). */
  tooLarge: number;
  reused: boolean;
}

function pythonPaths(): string[] {
  try {
    const out = execFileSync(
      "python3",
      ["-c", "import sysconfig as s; p=s.get_paths(); print(p['stdlib']); print(p['purelib'])"],
      { encoding: "utf8" },
    );
    return out.trim().split("\n");
  } catch {
    return [];
  }
}

/** The source folders that exist on this machine, deduplicated by real path, in a fixed order. */
function sources(root: string): Source[] {
  const candidates: (Omit<Source, "to"> & { label?: string })[] = [
    { from: "/usr/lib/python3.11", half: "python" },
    { from: "/usr/lib/python3/dist-packages", half: "python" },
    ...pythonPaths().map((from) => ({ from, half: "python" as const })),
    // Named apart from where the clone is, so every clone of this commit builds the same tree.
    { from: join(root, "node_modules"), half: "typescript", label: "project_node_modules" },
  ];
  const seen = new Set<string>();
  const out: Source[] = [];
  for (const c of candidates) {
    if (!existsSync(c.from)) continue;
    const real = realpathSync(c.from);
    if (seen.has(real)) continue;
    seen.add(real);
    const name = c.label ?? c.from.replace(/^\/+/, "").replace(/[\\/]+/g, "_");
    out.push({ from: real, to: join(c.half, name), half: c.half });
  }
  return out;
}

/** A name both tools search: hidden names and default-excluded folders get a `_` prefix. */
function safeName(name: string, isDir: boolean): string {
  if (name.startsWith(".") || (isDir && (DEFAULT_EXCLUDES.has(name) || name === "venv")))
    return "_" + name;
  return name;
}

interface Planned {
  from: string;
  to: string;
  size: number;
  half: Source["half"];
}

function plan(src: Source, others: Set<string>, tooLarge: { n: number }): Planned[] {
  const out: Planned[] = [];
  const visit = (from: string, to: string): void => {
    // A source nested in another one (site-packages inside the standard library) is copied once.
    if (from !== src.from && others.has(from)) return;
    let entries;
    try {
      entries = readdirSync(from, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      // Symbolic links are not followed: every file is copied once, from where it really is.
      if (e.isDirectory()) {
        if (e.name === "pyvenv.cfg") continue;
        visit(join(from, e.name), join(to, safeName(e.name, true)));
      } else if (e.isFile() && languageOf(e.name) && e.name !== "pyvenv.cfg") {
        const path = join(from, e.name);
        const size = statSync(path).size;
        if (size > MAX_FILE_BYTES) {
          tooLarge.n++;
          continue;
        }
        out.push({ from: path, to: join(to, safeName(e.name, false)), size, half: src.half });
      }
    }
  };
  visit(src.from, src.to);
  return out;
}

/** Builds (or reuses) the corpus; `rebuild` forces a fresh copy. */
export function buildRealCorpus(root: string, rebuild = false): RealCorpus {
  const dir = join(tmpdir(), "cors-lint-bench-corpus");
  const srcs = sources(root);
  const tooLarge = { n: 0 };
  const roots = new Set(srcs.map((s) => s.from));
  const files = srcs.flatMap((s) => plan(s, roots, tooLarge));
  const key = createHash("sha256")
    .update(String(LAYOUT_VERSION))
    .update(files.map((f) => `${f.to}\0${f.size}`).join("\n"))
    .digest("hex");
  // Beside the tree, not in it: ripgrep would list it.
  const manifestPath = `${dir}.manifest.json`;
  let reused = false;
  let lines = 0;
  if (!rebuild && existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, "utf8")) as { key: string; lines: number };
    if (m.key === key) {
      reused = true;
      lines = m.lines;
    }
  }
  if (!reused) {
    rmSync(manifestPath, { force: true });
    rmSync(dir, { recursive: true, force: true });
    const made = new Set<string>();
    for (const f of files) {
      const target = join(dir, f.to);
      const parent = dirname(target);
      if (!made.has(parent)) {
        mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      copyFileSync(f.from, target);
      const buf = readFileSync(target);
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
    }
    writeFileSync(`${dir}.files.txt`, files.map((f) => `${f.to}\t${f.from}`).join("\n") + "\n");
    // The manifest is written last: an interrupted copy is rebuilt next time.
    writeFileSync(manifestPath, JSON.stringify({ key, lines, files: files.length }) + "\n");
  }
  const sum = (h: Source["half"]) => files.filter((f) => f.half === h);
  const half = (h: Source["half"]) => ({
    dir: join(dir, h),
    files: sum(h).length,
    bytes: sum(h).reduce((n, f) => n + f.size, 0),
  });
  return {
    dir,
    files: files.length,
    bytes: files.reduce((n, f) => n + f.size, 0),
    lines,
    halves: { python: half("python"), typescript: half("typescript") },
    sources: srcs.map((s) => ({
      from: s.from,
      files: files.filter((f) => f.to.startsWith(s.to + "/")).length,
    })),
    tooLarge: tooLarge.n,
    reused,
  };
}
