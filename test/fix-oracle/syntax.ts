import { parsePython, type PyNode } from "../../server/src/core/parse/python";
import { parseTypeScript } from "../../server/src/core/parse/typescript";
import type { Language } from "../../server/src/core/model";

/** How many syntax errors a parser finds: tree-sitter ERROR and MISSING nodes, TypeScript parse diagnostics. */
export function syntaxErrors(text: string, fileName: string, language: Language): number {
  if (language === "typescript") {
    const { sf } = parseTypeScript(text, fileName);
    return (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length ?? 0;
  }
  const p = parsePython(text);
  try {
    return p.hasErrors ? countErrors(p.root) + (p.repaired ? 1 : 0) : 0;
  } finally {
    p.tree.delete();
  }
}

function countErrors(n: PyNode): number {
  if (n.type === "ERROR" || n.isMissing) return 1;
  if (!n.hasError) return 0;
  let count = 0;
  for (const c of n.children) if (c) count += countErrors(c);
  return count;
}
