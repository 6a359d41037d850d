import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";

/** One import or re-export of a source file, resolved when it names a file of the tree. */
export interface ImportEdge {
  from: string;
  spec: string;
  /** The imported file, relative to the root the graph was read from, when it is one of the tree. */
  to?: string;
  /** `import type`, `export type`, or only `type` names: erased from the emitted JavaScript. */
  typeOnly: boolean;
}

/** Every `.ts` file under a folder, recursively (throws when the folder does not exist). */
export function tsFiles(dir: string): string[] {
  let out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (/\.ts$/.test(n)) out.push(p);
  }
  return out;
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return true;
    const c = node.exportClause;
    return (
      !!c && ts.isNamedExports(c) && c.elements.length > 0 && c.elements.every((e) => e.isTypeOnly)
    );
  }
  const clause = node.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const b = clause.namedBindings;
  return (
    !clause.name &&
    !!b &&
    ts.isNamedImports(b) &&
    b.elements.length > 0 &&
    b.elements.every((e) => e.isTypeOnly)
  );
}

/** The module specifiers of a file, read by the TypeScript parser (static and dynamic imports, requires). */
export function importsOf(text: string, fileName: string): { spec: string; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const out: { spec: string; typeOnly: boolean }[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier) {
      if (ts.isStringLiteral(n.moduleSpecifier))
        out.push({ spec: n.moduleSpecifier.text, typeOnly: isTypeOnly(n) });
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(n.expression) && n.expression.text === "require")) &&
      n.arguments.length === 1 &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      out.push({ spec: n.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Every import of every file under `root/dir`, with relative specifiers resolved to tree files. */
export function importGraph(root: string, dir: string): ImportEdge[] {
  return tsFiles(join(root, dir)).flatMap((abs) => {
    const from = relative(root, abs);
    return importsOf(readFileSync(abs, "utf8"), abs).map(({ spec, typeOnly }) => {
      const edge: ImportEdge = { from, spec, typeOnly };
      if (spec.startsWith(".")) {
        const base = resolve(dirname(abs), spec);
        const hit = [base + ".ts", join(base, "index.ts"), base].find(
          (p) => existsSync(p) && statSync(p).isFile(),
        );
        if (hit) edge.to = relative(root, hit);
      }
      return edge;
    });
  });
}

/** A layer of the core: a name and the files and folders (ending in `/`) it holds. */
export interface Layer {
  name: string;
  paths: string[];
}

/** The layer index of a file (the longest matching path wins), or -1. */
export function layerOf(layers: readonly Layer[], file: string): number {
  let best = -1;
  let bestLength = -1;
  layers.forEach((l, i) => {
    for (const p of l.paths) {
      const hit = p.endsWith("/") ? file.startsWith(p) : file === p;
      if (hit && p.length > bestLength) {
        best = i;
        bestLength = p.length;
      }
    }
  });
  return best;
}

/**
 * Layering problems of a set of files and their imports: a layer path that matches no file (a
 * renamed or removed folder), a file in no layer, and an import that points up. `typeOnlyAnywhere`
 * names files every layer may import with `import type`.
 */
export function layerViolations(
  layers: readonly Layer[],
  files: readonly string[],
  edges: readonly ImportEdge[],
  typeOnlyAnywhere: readonly string[] = [],
): string[] {
  const out: string[] = [];
  for (const l of layers) {
    for (const p of l.paths) {
      const hit = p.endsWith("/") ? files.some((f) => f.startsWith(p)) : files.includes(p);
      if (!hit) out.push(`layer ${l.name}: ${p} does not exist (renamed or removed?)`);
    }
  }
  for (const f of files) {
    if (layerOf(layers, f) < 0) out.push(`${f} belongs to no layer: add it to the layer table`);
  }
  for (const e of edges) {
    if (!e.to || !files.includes(e.to)) continue;
    const a = layerOf(layers, e.from);
    const b = layerOf(layers, e.to);
    if (a < 0 || b < 0 || b <= a) continue;
    if (e.typeOnly && typeOnlyAnywhere.includes(e.to)) continue;
    out.push(
      `${e.from} (${layers[a].name}) imports ${e.to} (${layers[b].name})${e.typeOnly ? " (type-only)" : ""}: an upward import`,
    );
  }
  return out;
}

/** Import circles made of value imports (type-only imports are erased and load nothing). */
export function valueCircles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (e.typeOnly || !e.to) continue;
    next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  }
  const circles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const t of next.get(f) ?? []) {
      if (state.get(t) === "open") circles.push(stack.slice(stack.indexOf(t)));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of [...next.keys()].sort()) if (!state.has(f)) visit(f);
  return circles;
}

/** Files reachable from `start` through value imports. */
export function valueReach(edges: readonly ImportEdge[], start: string): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length) {
    const f = todo.pop()!;
    for (const e of edges) {
      if (e.from === f && e.to && !e.typeOnly && !seen.has(e.to)) {
        seen.add(e.to);
        todo.push(e.to);
      }
    }
  }
  return seen;
}
