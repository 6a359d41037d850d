import type { RegexEngine } from "../model";
import { UnsupportedRegex, type Node, type RegexSyntax } from "./ast";
import { intendedHost } from "./intended";
import { Program } from "./match";
import { parseRegex } from "./parse";

export { UnsupportedRegex } from "./ast";
export type { Node, RegexSyntax } from "./ast";
export { parseRegex } from "./parse";
export { hostOfSkeleton, intendedHost, skeleton } from "./intended";

/** An origin pattern compiled for one engine. Matching is linear in the input: it cannot hang. */
export interface OriginRegex {
  ast: Node;
  syntax: RegexSyntax;
  /** Whether the engine accepts `origin`, with the engine's own anchoring. */
  test(origin: string): boolean;
  /** Whether the pattern would accept `origin` if it had to span the whole origin. */
  fullTest(origin: string): boolean;
}

/** A pattern the engine does not model (backreferences, lookaround) or that does not compile. */
export interface Unsupported {
  unsupported: string;
}

const cache = new Map<string, OriginRegex | Unsupported>();

/**
 * Compiles a configured origin pattern the way its framework runs it: `fullmatch`/`match` read Python
 * syntax, `search` reads JavaScript syntax (`RegExp.test`), `glob` is Litestar's `*` glob, full match.
 */
export function compileOriginRegex(
  pattern: string,
  flags: string,
  engine: RegexEngine,
): OriginRegex | Unsupported {
  const key = `${engine}\u0000${flags}\u0000${pattern}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = compile(pattern, flags, engine);
    if (cache.size > 500) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}

function compile(pattern: string, flags: string, engine: RegexEngine): OriginRegex | Unsupported {
  const syntax: RegexSyntax = engine === "search" ? "js" : "python";
  const source = engine === "glob" ? globToRegex(pattern) : pattern;
  try {
    const ast = parseRegex(source, flags, syntax);
    const program = new Program(ast);
    const mode = engine === "glob" ? "fullmatch" : engine;
    return {
      ast,
      syntax,
      test: (origin) => program.test(origin, mode),
      fullTest: (origin) => program.test(origin, "fullmatch"),
    };
  } catch (e) {
    if (e instanceof UnsupportedRegex) return { unsupported: e.message };
    throw e;
  }
}

/** Whether a compile result is usable. */
export function isSupported(r: OriginRegex | Unsupported): r is OriginRegex {
  return !("unsupported" in r);
}

/** Litestar's glob: `*` matches anything, every other character stands for itself. */
export function globToRegex(glob: string): string {
  return glob
    .split("*")
    .map((part) => part.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&"))
    .join(".*");
}

/** The host a configured pattern was meant for (`example.com` for `^https://.*\.example\.com$`). */
export function intendedHostOf(
  pattern: string,
  flags: string,
  engine: RegexEngine,
): string | undefined {
  const r = compileOriginRegex(pattern, flags, engine);
  return isSupported(r) ? intendedHost(r.ast) : undefined;
}
