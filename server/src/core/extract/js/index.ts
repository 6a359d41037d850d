import type { Notice, Policy } from "../../model";
import { parseTypeScript, ts, type TsParseCache } from "../../parse/typescript";
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
  applies(file: JsFile): boolean;
  extract(file: JsFile): Policy[];
}

/**
 * Parses a TS/JS file and runs every extractor that applies (the projection of `FRAMEWORKS` for
 * TypeScript); one failing extractor does not stop the rest.
 */
export function extractJs(
  text: string,
  fileName: string,
  notices: Notice[],
  extractors: readonly JsExtractor[],
  cache?: TsParseCache,
  link?: JsLink,
  finish?: (file: JsFile, found: Policy[]) => Policy[],
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
  let found: Pick<JsFile, "calls" | "news" | "objects"> | undefined;
  const collect = (): Pick<JsFile, "calls" | "news" | "objects"> => {
    if (found) return found;
    const f: Pick<JsFile, "calls" | "news" | "objects"> = { calls: [], news: [], objects: [] };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) f.calls.push(n);
      else if (ts.isNewExpression(n)) f.news.push(n);
      else if (ts.isObjectLiteralExpression(n)) f.objects.push(n);
      ts.forEachChild(n, visit);
    };
    visit(parse().sf);
    return (found = f);
  };
  const resolver = new JsResolver(() => parse().sf, text, link);
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
  if (finish) {
    try {
      out.push(...finish(file, out));
    } catch (e) {
      notices.push({ kind: "internal", message: `internal error: ${(e as Error).message}` });
    }
  }
  return out;
}
