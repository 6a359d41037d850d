import type { Notice, Policy } from "../../model";
import { parsePython, type PyNode, type PythonParseCache } from "../../parse/python";
import type { PyLink } from "./link";
import { callsNamed } from "./find";
import { PyResolver } from "./resolver";

/** What every Python extractor receives: the tree, the resolver, and every call in the file (found once). */
export interface PyFile {
  text: string;
  root: PyNode;
  resolver: PyResolver;
  /** Every call, in document order (one walk of the whole tree, on first use: prefer `callsNamed`). */
  readonly calls: PyNode[];
  /** Decorators of functions and classes (`@cross_origin(...)`), on first use. */
  readonly decorators: PyNode[];
  /**
   * The calls whose callee is one of `names` or ends with `.name` (`resolver.calleeNames()` gives the
   * names under which a callee can be a qualified name), in document order: found from the text, so
   * typing in a large module costs what the matching calls cost, not a walk of every node.
   */
  callsNamed(names: readonly string[]): PyNode[];
  hasErrors: boolean;
}

/** One framework's finder. `applies` is a cheap check on imports before walking calls. */
export interface PyExtractor {
  name: string;
  /**
   * A necessary condition on the text, checked before the file is parsed: true whenever `applies`
   * can be. A file every gate rules out is never parsed.
   */
  gate(text: string): boolean;
  applies(file: PyFile): boolean;
  extract(file: PyFile): Policy[];
}

const moduleGates = new Map<string, RegExp>();

/**
 * The gate of `PyResolver.importsModule(m)` for each module: an import names its module's first
 * segment as a whole identifier, not after a dot (`from .x` and `a.x` are other modules).
 */
export function mentionsModule(text: string, ...mods: string[]): boolean {
  return mods.some((m) => {
    let re = moduleGates.get(m);
    if (!re) moduleGates.set(m, (re = new RegExp(`(?<![\\w.])${m.replace(/\./g, "\\.")}(?!\\w)`)));
    return re.test(text);
  });
}

/**
 * The extractors whose gates let the text through (all of them with `gates: false`); an empty list
 * means the file need not be parsed.
 */
export function pyExtractorsFor(
  text: string,
  extractors: readonly PyExtractor[],
  gates = true,
): readonly PyExtractor[] {
  return gates ? extractors.filter((x) => x.gate(text)) : extractors;
}

/**
 * Parses a Python file and runs every extractor that applies (the projection of `FRAMEWORKS` for
 * Python, those `pyExtractorsFor` kept); one failing extractor does not stop the rest.
 */
export function extractPython(
  text: string,
  notices: Notice[],
  extractors: readonly PyExtractor[],
  cache?: PythonParseCache,
  link?: PyLink,
): Policy[] {
  const parsed = parsePython(text, cache);
  try {
    if (parsed.hasErrors) {
      notices.push({
        kind: "syntax",
        message: parsed.repaired
          ? "The file has syntax errors (unclosed brackets were closed to read it); findings may be incomplete"
          : "The file has syntax errors; findings may be incomplete",
      });
    }
    const root = parsed.root;
    let walked: { calls: PyNode[]; decorators: PyNode[] } | undefined;
    const walk = (): { calls: PyNode[]; decorators: PyNode[] } => {
      if (walked) return walked;
      walked = { calls: [], decorators: [] };
      // One pre-order search inside tree-sitter (not a JS cursor walk: one call instead of one per node).
      for (const n of root.descendantsOfType(["call", "decorator"]))
        if (n) (n.type === "call" ? walked.calls : walked.decorators).push(n);
      return walked;
    };
    const file: PyFile = {
      text,
      root,
      resolver: new PyResolver(root, text, link),
      get calls() {
        return walk().calls;
      },
      get decorators() {
        return walk().decorators;
      },
      callsNamed: (names) => callsNamed(root, text, names),
      hasErrors: parsed.hasErrors,
    };
    const out: Policy[] = [];
    for (const x of extractors) {
      try {
        if (x.applies(file)) out.push(...x.extract(file).map((p) => clip(p, text.length)));
      } catch (e) {
        notices.push({
          kind: "internal",
          message: `internal error in the ${x.name} extractor: ${(e as Error).message}`,
        });
      }
    }
    return out;
  } finally {
    parsed.release();
  }
}

/** Spans that reach into brackets added by repair are clipped to the real text. */
function clip(p: Policy, length: number): Policy {
  if (p.span.end <= length && (p.insertAt ?? 0) <= length) return p;
  return {
    ...p,
    span: { start: p.span.start, end: Math.min(p.span.end, length) },
    insertAt: p.insertAt !== undefined ? Math.min(p.insertAt, length) : undefined,
  };
}
