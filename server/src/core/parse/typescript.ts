// The default import is the compiler's own exports object; a namespace import would be rebuilt by the
// bundler as an object of getters, one call per `ts.isX()` on the hot path.
import ts from "typescript";
import { diffText } from "./text-edit";

/** The script kind for a file name, from its extension. */
export function scriptKind(fileName: string): ts.ScriptKind {
  const ext = fileName.slice(fileName.lastIndexOf(".")).toLowerCase();
  switch (ext) {
    case ".tsx":
      return ts.ScriptKind.TSX;
    case ".jsx":
      return ts.ScriptKind.JSX;
    case ".js":
    case ".mjs":
    case ".cjs":
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

/**
 * One document's last source file, so the next parse after an edit reuses its unchanged nodes
 * (the compiler's incremental `updateSourceFile`). The kept tree is replaced by each parse: a tree
 * returned earlier must not be read after the next one.
 */
export class TsParseCache {
  sf?: ts.SourceFile;
}

/**
 * Parses TS/JS with the compiler's tolerant parser (syntax only, no program, no type checker).
 * `parseDiagnostics` tell whether the text had syntax errors; the tree is complete either way.
 */
export function parseTypeScript(
  text: string,
  fileName: string,
  cache?: TsParseCache,
): { sf: ts.SourceFile; hasErrors: boolean } {
  const old = cache?.sf;
  let sf: ts.SourceFile;
  if (old && old.fileName === fileName && old.text !== text) {
    const c = diffText(old.text, text);
    sf = ts.updateSourceFile(old, text, {
      span: { start: c.start, length: c.oldEnd - c.start },
      newLength: c.newEnd - c.start,
    });
  } else if (old && old.fileName === fileName) {
    sf = old;
  } else {
    // JSDoc is never read (suppressions are plain comments): skipping its parse saves time on
    // documented code.
    const options = {
      languageVersion: ts.ScriptTarget.Latest,
      jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
    };
    sf = ts.createSourceFile(fileName, text, options, true, scriptKind(fileName));
  }
  if (cache) cache.sf = sf;
  const diags = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  return { sf, hasErrors: !!diags && diags.length > 0 };
}

export { ts };
