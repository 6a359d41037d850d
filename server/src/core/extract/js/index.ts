import type { Notice, Policy } from "../../model";
import { parseTypeScript, ts, type TsParseCache } from "../../parse/typescript";
import { Bindings, type Found } from "./bindings";
import type { JsLink } from "./link";
import { JsResolver } from "./resolver";

/** What every JS extractor receives: the tree, the resolver, and every call and `new` in the file (found once). */
export interface JsFile {
  text: string;
  fileName: string;
  sf: ts.SourceFile;
  resolver: JsResolver;
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  objects: ts.ObjectLiteralExpression[];
  hasErrors: boolean;
}

/** One framework's finder. `applies` is a cheap check on imports (or the file name) before walking calls. */
export interface JsExtractor {
  name: string;
  /**
   * A necessary condition on the text (and file name), checked before the file is parsed: true
   * whenever `applies` can be (see `gates.ts`). A file every gate rules out is never parsed.
   */
  gate(text: string, fileName: string): boolean;
  applies(file: JsFile): boolean;
  extract(file: JsFile): Policy[];
}

/** A reader run after the extractors, on what they found (options objects no configuration reads). */
export interface JsFinisher {
  /** A necessary condition on the text for `finish` to find anything. */
  gate(text: string, fileName: string): boolean;
  finish(file: JsFile, found: Policy[]): Policy[];
}

/**
 * The extractors (and finisher) whose gates let the text through; undefined when none does, so the
 * file need not be parsed. `gates: false` keeps them all (tests prove the gates change nothing).
 */
export function jsExtractorsFor(
  text: string,
  fileName: string,
  extractors: readonly JsExtractor[],
  finisher?: JsFinisher,
  gates = true,
): { extractors: readonly JsExtractor[]; finisher?: JsFinisher } | undefined {
  if (!gates) return { extractors, finisher };
  const live = extractors.filter((x) => x.gate(text, fileName));
  const fin = finisher?.gate(text, fileName) ? finisher : undefined;
  return live.length || fin ? { extractors: live, finisher: fin } : undefined;
}

/**
 * Parses a TS/JS file and runs every extractor that applies (the projection of `FRAMEWORKS` for
 * TypeScript, those `jsExtractorsFor` kept); one failing extractor does not stop the rest.
 */
export function extractJs(
  text: string,
  fileName: string,
  notices: Notice[],
  extractors: readonly JsExtractor[],
  cache?: TsParseCache,
  link?: JsLink,
  finisher?: JsFinisher,
): Policy[] {
  // Everything is computed on first use: most files that pass the prefilter (a `mode: "cors"` in a
  // fetch, a comment) interest no extractor, whose `applies` checks read the text, and are then never
  // parsed. A file that is parsed and has syntax errors gets the notice, first.
  const start = notices.length;
  let parsed: { sf: ts.SourceFile; hasErrors: boolean } | undefined;
  const parse = (): { sf: ts.SourceFile; hasErrors: boolean } => {
    if (parsed) return parsed;
    parsed = parseTypeScript(text, fileName, cache);
    if (parsed.hasErrors)
      notices.splice(start, 0, {
        kind: "syntax",
        message: "The file has syntax errors; findings may be incomplete",
      });
    return parsed;
  };
  // The calls, `new`s and objects are listed in the same walk of the tree that finds the bindings,
  // whichever of the two is asked for first.
  let walked: { found: Found; bindings: Bindings } | undefined;
  const walk = (): { found: Found; bindings: Bindings } => {
    if (walked) return walked;
    const found: Found = { calls: [], news: [], objects: [] };
    const bindings = new Bindings(parse().sf, found);
    return (walked = { found, bindings });
  };
  const collect = (): Found => walk().found;
  const resolver = new JsResolver(
    () => parse().sf,
    text,
    link,
    () => walk().bindings,
  );
  const file: JsFile = {
    text,
    fileName,
    get sf() {
      return parse().sf;
    },
    resolver,
    get calls() {
      return collect().calls;
    },
    get news() {
      return collect().news;
    },
    get objects() {
      return collect().objects;
    },
    get hasErrors() {
      return parse().hasErrors;
    },
  };
  const out: Policy[] = [];
  for (const x of extractors) {
    try {
      if (x.applies(file)) out.push(...x.extract(file));
    } catch (e) {
      notices.push({
        kind: "internal",
        message: `internal error in the ${x.name} extractor: ${(e as Error).message}`,
      });
    }
  }
  if (finisher) {
    try {
      out.push(...finisher.finish(file, out));
    } catch (e) {
      notices.push({ kind: "internal", message: `internal error: ${(e as Error).message}` });
    }
  }
  return out;
}
