import { ts } from "../../parse/typescript";
import { tagFile } from "../../spans";
import type { DictEntry, Value } from "../../values";
import { skipOuter, type Binding } from "./bindings";
import type { JsResolver } from "./resolver";
import { spanOf } from "./guards";

/** What an import binding takes from its module: a named export, `default`, the namespace, or `module.exports`. */
export interface ImportTarget {
  spec: string;
  /** An export name, `default`, `*` (namespace) or `=` (CommonJS `module.exports` / `import x = require()`). */
  name: string;
}

/** The module and export an import binding reads, or undefined for bindings this reader cannot tell. */
export function importTarget(b: Binding): ImportTarget | undefined {
  const d = b.decl;
  if (ts.isImportDeclaration(d) && ts.isStringLiteralLike(d.moduleSpecifier) && d.importClause) {
    const spec = d.moduleSpecifier.text;
    const c = d.importClause;
    if (c.name?.text === b.name) return { spec, name: "default" };
    const nb = c.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) return { spec, name: "*" };
    for (const el of nb && ts.isNamedImports(nb) ? nb.elements : []) {
      if (el.name.text === b.name) return { spec, name: (el.propertyName ?? el.name).text };
    }
    return undefined;
  }
  if (ts.isImportEqualsDeclaration(d) && ts.isExternalModuleReference(d.moduleReference)) {
    const m = d.moduleReference.expression;
    return ts.isStringLiteralLike(m) ? { spec: m.text, name: "=" } : undefined;
  }
  if (ts.isVariableDeclaration(d) && d.initializer) return requirePath(d.initializer);
  if (
    ts.isBindingElement(d) &&
    ts.isVariableDeclaration(d.parent.parent) &&
    d.parent.parent.initializer
  ) {
    const base = requirePath(d.parent.parent.initializer);
    const prop = d.propertyName && ts.isIdentifier(d.propertyName) ? d.propertyName.text : b.name;
    return base && base.name === "=" ? { spec: base.spec, name: prop } : undefined;
  }
  return undefined;
}

/** `require("./x")` -> module.exports; `require("./x").y` -> export y. */
export function requirePath(e: ts.Expression): ImportTarget | undefined {
  e = skipOuter(e);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require") {
    const a = e.arguments[0];
    return a && ts.isStringLiteralLike(a) ? { spec: a.text, name: "=" } : undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const inner = requirePath(e.expression);
    if (inner?.name === "=")
      return { spec: inner.spec, name: e.name.text === "default" ? "default" : e.name.text };
  }
  return undefined;
}

/** An import's value read from the module it names, with spans naming that module's file. */
export function importedValue(r: JsResolver, t: ImportTarget): Value | undefined {
  return r.link?.module(t.spec, (m) => {
    const v = exportedValue(m, t.name, 0);
    return v && m.file ? tagFile(v, m.file) : v;
  });
}

const MAX_REEXPORTS = 8;

/**
 * What a module exports under a name: `export const`, `export { a as b }`, `export default`,
 * `export * from`, re-exports from other modules, CommonJS `module.exports = {...}` and `exports.x = ...`.
 */
export function exportedValue(m: JsResolver, name: string, depth: number): Value | undefined {
  if (depth > MAX_REEXPORTS) return undefined;
  const sf = m.sf;
  if (name === "*") return namespace(m, depth);
  if (name === "=") return commonJs(m) ?? namespace(m, depth);
  for (const st of sf.statements) {
    if (ts.isExportAssignment(st) && !st.isExportEquals && name === "default")
      return m.resolve(st.expression);
    if (ts.isExportAssignment(st) && st.isExportEquals) {
      const v = m.resolve(st.expression);
      return name === "default" ? v : member(v, name);
    }
    if (ts.isVariableStatement(st) && hasExport(st)) {
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.name.text === name && name !== "default")
          return m.resolve(d.name);
    }
    if (
      (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) &&
      hasExport(st) &&
      st.name &&
      (st.name.text === name ||
        (name === "default" && st.modifiers?.some((x) => x.kind === ts.SyntaxKind.DefaultKeyword)))
    ) {
      return ts.isFunctionDeclaration(st) ? m.resolve(st.name) : undefined;
    }
    if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      const v = exportDeclaration(m, st, name, depth);
      if (v) return v;
    }
  }
  const cjs = commonJs(m);
  if (cjs) return name === "default" ? cjs : member(cjs, name);
  return undefined;
}

function exportDeclaration(
  m: JsResolver,
  st: ts.ExportDeclaration,
  name: string,
  depth: number,
): Value | undefined {
  const from =
    st.moduleSpecifier && ts.isStringLiteralLike(st.moduleSpecifier)
      ? st.moduleSpecifier.text
      : undefined;
  const clause = st.exportClause;
  if (!clause) {
    // `export * from './x'` (never re-exports `default`).
    if (!from || name === "default") return undefined;
    return reexport(m, from, name, depth);
  }
  if (ts.isNamespaceExport(clause)) {
    return clause.name.text === name && from ? reexport(m, from, "*", depth) : undefined;
  }
  for (const el of clause.elements) {
    if (el.name.text !== name) continue;
    const local = (el.propertyName ?? el.name).text;
    if (from) return reexport(m, from, local, depth);
    return m.resolve(
      el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName : el.name,
    );
  }
  return undefined;
}

function reexport(m: JsResolver, from: string, name: string, depth: number): Value | undefined {
  return m.link?.module(from, (n) => {
    const v = exportedValue(n, name, depth + 1);
    return v && n.file ? tagFile(v, n.file) : v;
  });
}

function hasExport(n: ts.Node): boolean {
  return (
    !!ts.canHaveModifiers(n) &&
    !!ts.getModifiers(n)?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword)
  );
}

function member(v: Value | undefined, name: string): Value | undefined {
  if (v?.kind !== "dict") return undefined;
  for (let i = v.entries.length - 1; i >= 0; i--)
    if (v.entries[i].key === name) return v.entries[i].value;
  return undefined;
}

/** `module.exports = v` (last top-level one) merged with `exports.x = v` / `module.exports.x = v`. */
function commonJs(m: JsResolver): Value | undefined {
  let whole: Value | undefined;
  const extra: DictEntry[] = [];
  for (const st of m.sf.statements) {
    if (!ts.isExpressionStatement(st)) continue;
    const e = st.expression;
    if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = skipOuter(e.left);
    if (isModuleExports(left)) {
      whole = m.resolve(e.right);
      extra.length = 0;
    } else if (
      ts.isPropertyAccessExpression(left) &&
      (isModuleExports(left.expression) ||
        (ts.isIdentifier(left.expression) && left.expression.text === "exports"))
    ) {
      extra.push({
        key: left.name.text,
        keySpan: spanOf(left.name),
        value: m.resolve(e.right),
        span: spanOf(e),
      });
    }
  }
  if (!whole && !extra.length) return undefined;
  if (!extra.length) return whole;
  const base = whole?.kind === "dict" ? whole.entries : [];
  return { kind: "dict", entries: [...base, ...extra], span: whole?.span ?? extra[0].span };
}

function isModuleExports(e: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(e) &&
    e.name.text === "exports" &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === "module"
  );
}

/** Every named export as one dict (`import * as cfg`). */
function namespace(m: JsResolver, depth: number): Value | undefined {
  const entries: DictEntry[] = [];
  for (const st of m.sf.statements) {
    const names: (ts.Identifier | ts.ModuleExportName)[] = [];
    if (ts.isVariableStatement(st) && hasExport(st)) {
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name)) names.push(d.name);
    } else if (
      ts.isExportDeclaration(st) &&
      st.exportClause &&
      ts.isNamedExports(st.exportClause)
    ) {
      for (const el of st.exportClause.elements) names.push(el.name);
    }
    for (const id of names) {
      const v = exportedValue(m, id.text, depth + 1);
      if (v) entries.push({ key: id.text, keySpan: spanOf(id), value: v, span: spanOf(id) });
    }
  }
  return entries.length ? { kind: "dict", entries, span: spanOf(m.sf) } : undefined;
}
