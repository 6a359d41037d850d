import type { PyLink } from "../extract/python/link";
import type { JsLink } from "../extract/js/link";
import { PyResolver } from "../extract/python/resolver";
import { JsResolver } from "../extract/js/resolver";
import type { Language } from "../model";
import { parsePython, type PythonParse } from "../parse/python";
import { parseTypeScript, type ts } from "../parse/typescript";
import type { ProjectHost } from "./host";
import { ROOT_MARKERS } from "./host";
import { JsModules } from "./js-modules";
import { dirname, isInside, join, normalize } from "./paths";
import { resolvePythonModule } from "./python-modules";

/** How many module boundaries one lookup may cross (A imports B imports C ...). */
const MAX_CROSSINGS = 8;

/** One parsed module, kept until its text changes. */
export interface ModuleEntry {
  path: string;
  text: string;
  language: Language;
  py?: { parse: PythonParse; resolver: PyResolver };
  js?: { sf: ts.SourceFile; hasErrors: boolean; resolver: JsResolver };
}

/**
 * The module graph of one project: modules parsed at most once per text, imports resolved as data, and a
 * dependents index so a change to one module re-analyses only the files that read it. Reading never leaves
 * the project root (symbolic links included).
 */
export class Project {
  readonly root: string;
  private realRoot: string | undefined;
  private readonly modules = new Map<string, ModuleEntry>();
  /** Texts of analysed files that are not (yet) parsed as modules of the project. */
  private readonly texts = new Map<string, string>();
  private readonly imports = new Map<string, Set<string>>();
  private readonly importers = new Map<string, Set<string>>();
  private readonly js: JsModules;
  private crossings = 0;
  /** How many modules were parsed (for tests and the bench: each module once per version). */
  parses = 0;

  constructor(
    readonly host: ProjectHost,
    root: string,
  ) {
    this.root = normalize(root);
    this.js = new JsModules(host, this.root);
  }

  /** Whether a path is inside the project root, also after resolving symbolic links. */
  contains(path: string): boolean {
    const p = normalize(path);
    if (!isInside(this.root, p)) return false;
    this.realRoot ??= normalize(this.host.realpath(this.root) ?? this.root);
    const real = this.host.realpath(p);
    return real === undefined || isInside(this.realRoot, normalize(real));
  }

  /**
   * The module for a path, parsed once per text. `text` is the analysed text (an editor buffer); without
   * it the host is asked. A different text than the cached one invalidates the module and its dependents.
   */
  module(path: string, text?: string): ModuleEntry | undefined {
    const p = normalize(path);
    const cached = this.modules.get(p);
    if (cached && (text === undefined || text === cached.text)) return cached;
    if (cached) this.invalidate(p);
    if (!this.contains(p)) return undefined;
    const t = text ?? this.host.readFile(p);
    if (t === undefined) return undefined;
    const language = languageFor(p);
    if (!language) return undefined;
    const entry: ModuleEntry = { path: p, text: t, language };
    this.parses++;
    if (language === "python") {
      const parse = parsePython(t);
      entry.py = { parse, resolver: new PyResolver(parse.root, t, this.pyLink(p)) };
    } else {
      const { sf, hasErrors } = parseTypeScript(t, p);
      entry.js = { sf, hasErrors, resolver: new JsResolver(sf, t, this.jsLink(p)) };
    }
    this.modules.set(p, entry);
    return entry;
  }

  /**
   * The links an analysed file reads the project through. Its text (an editor buffer, a file being fixed)
   * replaces the module's cached one; when it differs, the module and its dependents are forgotten.
   */
  linksFor(path: string, text: string): { py: PyLink; js: JsLink } {
    const p = normalize(path);
    this.changed(p, text);
    this.texts.set(p, text);
    return { py: this.pyLink(p), js: this.jsLink(p) };
  }

  /**
   * Whether a module's text differs from what the project read (`text` undefined: ask the host, for a
   * change on disk); if so it and its dependents are forgotten. Returns the dependents to analyse again.
   */
  changed(path: string, text?: string): string[] {
    const p = normalize(path);
    const known = this.modules.get(p)?.text ?? this.texts.get(p);
    if (known === undefined) return [];
    const now = text ?? this.host.readFile(p);
    if (now === known) return [];
    this.texts.delete(p);
    return this.invalidate(p).slice(1);
  }

  /** The text of a module as last read, if it was read. */
  textOf(path: string): string | undefined {
    const p = normalize(path);
    return this.modules.get(p)?.text ?? this.texts.get(p) ?? this.host.readFile(p);
  }

  /**
   * Forgets a module (its text changed) and every module that read values from it, directly or not.
   * Returns the paths forgotten, the changed one first: the files whose analysis may have changed.
   */
  invalidate(path: string): string[] {
    const start = normalize(path);
    const out = [start, ...this.dependents(start)];
    for (const p of out) {
      const m = this.modules.get(p);
      m?.py?.parse.tree.delete();
      this.modules.delete(p);
      for (const to of this.imports.get(p) ?? []) this.importers.get(to)?.delete(p);
      this.imports.delete(p);
    }
    return out;
  }

  /** Every module that reads values from this one, directly or through others. */
  dependents(path: string): string[] {
    const seen = new Set<string>();
    const queue = [normalize(path)];
    while (queue.length) {
      for (const d of this.importers.get(queue.pop()!) ?? []) {
        if (!seen.has(d) && d !== normalize(path)) {
          seen.add(d);
          queue.push(d);
        }
      }
    }
    return [...seen].sort();
  }

  /** The modules a module read values from (directly). */
  importsOf(path: string): string[] {
    return [...(this.imports.get(normalize(path)) ?? [])].sort();
  }

  /** Frees every parse tree. */
  dispose(): void {
    for (const m of this.modules.values()) m.py?.parse.tree.delete();
    this.modules.clear();
    this.imports.clear();
    this.importers.clear();
  }

  private edge(from: string, to: string): void {
    if (from === to) return;
    let s = this.imports.get(from);
    if (!s) this.imports.set(from, (s = new Set()));
    s.add(to);
    let r = this.importers.get(to);
    if (!r) this.importers.set(to, (r = new Set()));
    r.add(from);
  }

  /** Runs a lookup across a module boundary, bounded in depth. */
  private cross<T>(from: string, to: string | undefined, f: (m: ModuleEntry) => T): T | undefined {
    if (!to || this.crossings >= MAX_CROSSINGS) return undefined;
    this.edge(from, to);
    const m = this.module(to);
    if (!m) return undefined;
    this.crossings++;
    try {
      return f(m);
    } finally {
      this.crossings--;
    }
  }

  private pyLink(file: string): PyLink {
    return {
      file,
      module: (dotted, use) =>
        this.cross(file, resolvePythonModule(this.host, this.root, file, dotted), (m) =>
          m.py ? use(m.py.resolver) : undefined,
        ),
    };
  }

  private jsLink(file: string): JsLink {
    return {
      file,
      module: (spec, use) =>
        this.cross(file, this.js.resolve(file, spec), (m) =>
          m.js ? use(m.js.resolver) : undefined,
        ),
    };
  }
}

function languageFor(path: string): Language | undefined {
  if (/\.py$/i.test(path)) return "python";
  if (/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i.test(path) && !/\.d\.[mc]?ts$/i.test(path))
    return "typescript";
  return undefined;
}

/**
 * The project root for a path (a file, a folder, a workspace folder): the nearest folder upward holding
 * `.git`, `pyproject.toml` or `package.json`; the path's own folder when there is none.
 */
export function findProjectRoot(host: ProjectHost, path: string): string {
  const start = host.isDirectory(path) ? normalize(path) : dirname(path);
  for (let d = start; ;) {
    if (ROOT_MARKERS.some((m) => host.isFile(join(d, m)) || host.isDirectory(join(d, m)))) return d;
    const up = dirname(d);
    if (up === d) return start;
    d = up;
  }
}
