import { parse as parseJsonc } from "jsonc-parser";
import type { ProjectHost } from "./host";
import { ancestors, dirname, isInside, join } from "./paths";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** What a tsconfig/jsconfig says about module names, after `extends`. */
interface CompilerPaths {
  baseUrl?: string;
  /** Pattern -> targets, already absolute (relative to baseUrl, else to the config that declared them). */
  paths: [string, string[]][];
}

/**
 * Where a JS/TS module specifier leads, read as data: relative specifiers with extension and `index.*`
 * resolution (a `.js` specifier also finds the `.ts` source), package.json `imports` (`#config/cors`),
 * tsconfig/jsconfig `paths` and `baseUrl` (following `extends`). Bare package names are not followed:
 * they live in node_modules, outside the project's own code.
 */
export class JsModules {
  private readonly configs = new Map<string, CompilerPaths | undefined>();
  private readonly packages = new Map<string, Record<string, unknown> | undefined>();

  constructor(
    private readonly host: ProjectHost,
    private readonly root: string,
  ) {}

  resolve(fromFile: string, spec: string): string | undefined {
    if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..")
      return this.file(join(dirname(fromFile), spec));
    if (spec.startsWith("/")) return undefined;
    if (spec.startsWith("#")) return this.packageImport(fromFile, spec);
    const cfg = this.compilerPaths(fromFile);
    if (!cfg) return undefined;
    for (const [pattern, targets] of cfg.paths) {
      const star = matchPattern(pattern, spec);
      if (star === undefined) continue;
      for (const t of targets) {
        const f = this.file(t.replace("*", star));
        if (f) return f;
      }
    }
    return cfg.baseUrl ? this.file(join(cfg.baseUrl, spec)) : undefined;
  }

  /** A file for a path written without (or with a JS) extension, or a folder's index. */
  private file(p: string): string | undefined {
    if (!isInside(this.root, p)) return undefined;
    if (/\.[cm]?[jt]sx?$/.test(p) && this.host.isFile(p)) return p;
    const js = /\.([cm]?)js(x?)$/.exec(p);
    if (js) {
      const stem = p.slice(0, -js[0].length);
      for (const ext of [`.${js[1]}ts${js[2]}`, ".tsx"])
        if (this.host.isFile(stem + ext)) return stem + ext;
    }
    for (const ext of EXTENSIONS) if (this.host.isFile(p + ext)) return p + ext;
    for (const ext of EXTENSIONS) {
      const index = join(p, "index" + ext);
      if (this.host.isFile(index)) return index;
    }
    return undefined;
  }

  /** package.json `imports`: exact keys, then `*` patterns; conditions pick import/require/node/default. */
  private packageImport(fromFile: string, spec: string): string | undefined {
    for (const dir of ancestors(fromFile, this.root)) {
      const pkg = this.packageJson(dir);
      if (!pkg) continue;
      const imports = pkg.imports;
      if (!imports || typeof imports !== "object") return undefined;
      for (const [key, target] of Object.entries(imports as Record<string, unknown>)) {
        const star = key === spec ? "" : matchPattern(key, spec);
        if (star === undefined) continue;
        const t = conditionTarget(target);
        if (t && t.startsWith("./")) return this.file(join(dir, t.replace("*", star)));
      }
      return undefined;
    }
    return undefined;
  }

  private packageJson(dir: string): Record<string, unknown> | undefined {
    if (!this.packages.has(dir)) {
      const text = this.host.readFile(join(dir, "package.json"));
      this.packages.set(dir, text === undefined ? undefined : jsonObject(text));
    }
    return this.packages.get(dir);
  }

  /** The nearest tsconfig.json / jsconfig.json above a file (inside the root), with `extends` applied. */
  private compilerPaths(fromFile: string): CompilerPaths | undefined {
    for (const dir of ancestors(fromFile, this.root)) {
      for (const name of ["tsconfig.json", "jsconfig.json"]) {
        const p = join(dir, name);
        if (this.host.isFile(p)) return this.config(p, 0);
      }
    }
    return undefined;
  }

  private config(path: string, depth: number): CompilerPaths | undefined {
    if (this.configs.has(path)) return this.configs.get(path);
    this.configs.set(path, undefined);
    const text = this.host.readFile(path);
    const json = text === undefined ? undefined : jsonObject(text);
    if (!json || depth > 8) return undefined;
    let inherited: CompilerPaths | undefined;
    const ext = json.extends;
    for (const e of Array.isArray(ext) ? ext : ext ? [ext] : []) {
      if (typeof e !== "string" || !e.startsWith(".")) continue;
      const target = join(dirname(path), e.endsWith(".json") ? e : e + ".json");
      if (isInside(this.root, target)) inherited = this.config(target, depth + 1) ?? inherited;
    }
    const opts = (json.compilerOptions ?? {}) as Record<string, unknown>;
    const dir = dirname(path);
    const baseUrl = typeof opts.baseUrl === "string" ? join(dir, opts.baseUrl) : inherited?.baseUrl;
    let paths = inherited?.paths ?? [];
    if (opts.paths && typeof opts.paths === "object") {
      const from = baseUrl ?? dir;
      paths = Object.entries(opts.paths as Record<string, unknown>).map(([k, v]) => [
        k,
        (Array.isArray(v) ? v : []).filter((t) => typeof t === "string").map((t) => join(from, t)),
      ]);
    }
    const out: CompilerPaths = { baseUrl, paths };
    this.configs.set(path, out);
    return out;
  }
}

/** The part a `*` pattern captures, or undefined; a pattern without `*` matches only itself (capture ''). */
function matchPattern(pattern: string, spec: string): string | undefined {
  const i = pattern.indexOf("*");
  if (i < 0) return pattern === spec ? "" : undefined;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (spec.length < pre.length + post.length || !spec.startsWith(pre) || !spec.endsWith(post))
    return undefined;
  return spec.slice(pre.length, spec.length - post.length);
}

function conditionTarget(t: unknown): string | undefined {
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.map(conditionTarget).find(Boolean);
  if (t && typeof t === "object") {
    const o = t as Record<string, unknown>;
    for (const k of ["import", "require", "node", "default"])
      if (k in o) return conditionTarget(o[k]);
  }
  return undefined;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  const v: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  return v && typeof v === "object" && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
