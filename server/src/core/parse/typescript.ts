// The default import is the compiler's own exports object; a namespace import would be rebuilt by the
// bundler as an object of getters, one call per `ts.isX()` on the hot path.
import ts from "typescript";

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
 * Parses TS/JS with the compiler's tolerant parser (syntax only, no program, no type checker).
 * `parseDiagnostics` tell whether the text had syntax errors; the tree is complete either way.
 */
export function parseTypeScript(
  text: string,
  fileName: string,
): { sf: ts.SourceFile; hasErrors: boolean } {
  const sf = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    scriptKind(fileName),
  );
  const diags = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  return { sf, hasErrors: !!diags && diags.length > 0 };
}

export { ts };
