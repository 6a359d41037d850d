import type { Notice, Policy } from "../../model";
import { parseTypeScript, ts, type TsParseCache } from "../../parse/typescript";
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
): Policy[] {
  const { sf, hasErrors } = parseTypeScript(text, fileName, cache);
  if (hasErrors) {
    notices.push({
      kind: "syntax",
      message: "The file has syntax errors; findings may be incomplete",
    });
  }
  const calls: ts.CallExpression[] = [];
  const news: ts.NewExpression[] = [];
  const objects: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) calls.push(n);
    else if (ts.isNewExpression(n)) news.push(n);
    else if (ts.isObjectLiteralExpression(n)) objects.push(n);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const file: JsFile = {
    text,
    fileName,
    sf,
    resolver: new JsResolver(sf),
    calls,
    news,
    objects,
    hasErrors,
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
  return out;
}
