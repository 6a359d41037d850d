import type { ProjectHost } from "./host";
import { ancestors, dirname, join } from "./paths";

/**
 * Where a Python module name leads, read as data: relative names against the importing file's package,
 * absolute names against the source roots a Python process would likely have on `sys.path` (the parent of
 * the importing file's top-level package, folders holding `pyproject.toml` / `setup.cfg` / `setup.py`, every
 * folder from the file up to the project root, and `src/` under the root). Only `.py` files are returned.
 */
export function resolvePythonModule(
  host: ProjectHost,
  root: string,
  fromFile: string,
  dotted: string,
): string | undefined {
  const level = /^\.*/.exec(dotted)![0].length;
  const parts = dotted.slice(level).split(".").filter(Boolean);
  if (level > 0) {
    let base = dirname(fromFile);
    for (let i = 1; i < level; i++) base = dirname(base);
    return moduleFile(host, base, parts);
  }
  for (const dir of sourceRoots(host, root, fromFile)) {
    const f = moduleFile(host, dir, parts);
    if (f) return f;
  }
  return undefined;
}

/** `a/b.py` or `a/b/__init__.py` under a folder; the folder's own `__init__.py` for no parts. */
function moduleFile(host: ProjectHost, dir: string, parts: string[]): string | undefined {
  if (!parts.length) {
    const init = join(dir, "__init__.py");
    return host.isFile(init) ? init : undefined;
  }
  const base = join(dir, ...parts);
  if (host.isFile(base + ".py")) return base + ".py";
  const init = join(base, "__init__.py");
  return host.isFile(init) ? init : undefined;
}

/** The folders absolute imports are tried against, most specific first, all inside the root. */
export function sourceRoots(host: ProjectHost, root: string, fromFile: string): string[] {
  const out: string[] = [];
  const add = (d: string): void => {
    if (!out.includes(d)) out.push(d);
  };
  const up = ancestors(fromFile, root);
  // The parent of the top-level package the file belongs to.
  let top: string | undefined;
  for (const d of up) {
    if (host.isFile(join(d, "__init__.py"))) top = d;
    else break;
  }
  if (top && top !== root) add(dirname(top));
  for (const d of up) {
    if (["pyproject.toml", "setup.cfg", "setup.py"].some((m) => host.isFile(join(d, m)))) add(d);
  }
  for (const d of up) add(d);
  if (host.isDirectory(join(root, "src"))) add(join(root, "src"));
  return out;
}
