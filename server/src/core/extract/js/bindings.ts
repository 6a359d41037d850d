import { ts } from "../../parse/typescript";

/** Something a name is bound to in one scope. */
export interface Binding {
  name: string;
  /** The node whose subtree sees the binding (block, function, source file). */
  scope: ts.Node;
  kind: "const" | "let" | "var" | "function" | "param" | "class" | "import";
  decl: ts.Node;
  init?: ts.Expression;
  /** `const { a } = obj` binds `a` to `obj.a`: the property read from `init`. */
  path?: string;
  /** For an import: the module (or `module.export`) this binding names, in its own scope. */
  target?: string;
  /** Later writes (`x = v`, `x += v`, `x++`, destructuring targets). */
  writes: ts.Node[];
}

/** Local name -> `module` or `module.export`, from ESM imports, `require` and `import x = require()`. */
export type ImportMap = Map<string, string>;

/** The module a `require('x')` / `require('x').y` expression loads, as a qualified name. */
export function requireTarget(e: ts.Expression): string | undefined {
  e = skipOuter(e);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require") {
    const a = e.arguments[0];
    return a && ts.isStringLiteralLike(a) ? a.text : undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const inner = requireTarget(e.expression);
    if (inner === undefined) return undefined;
    return e.name.text === "default" ? inner : `${inner}.${e.name.text}`;
  }
  return undefined;
}

/** Strips parentheses, type assertions, `satisfies`, `!` and `await`, which do not change a value. */
export function skipOuter(e: ts.Expression): ts.Expression {
  for (;;) {
    if (
      ts.isParenthesizedExpression(e) ||
      ts.isAsExpression(e) ||
      ts.isSatisfiesExpression(e) ||
      ts.isNonNullExpression(e) ||
      ts.isTypeAssertionExpression(e) ||
      ts.isAwaitExpression(e)
    ) {
      e = e.expression;
    } else return e;
  }
}

function isScope(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) ||
    ts.isBlock(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseBlock(n) ||
    ts.isForStatement(n) ||
    ts.isForInStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isFunctionLike(n) ||
    ts.isCatchClause(n)
  );
}

/** The nearest enclosing node that is a lexical scope (`let`/`const`) or a function scope (`var`). */
export function scopeOf(n: ts.Node, functionScope: boolean): ts.Node {
  for (let p = n.parent; p; p = p.parent) {
    if (functionScope ? ts.isFunctionLike(p) || ts.isSourceFile(p) : isScope(p)) return p;
  }
  return n.getSourceFile();
}

/** The calls, `new`s and object literals of a file, in tree order. */
export interface Found {
  calls: ts.CallExpression[];
  news: ts.NewExpression[];
  objects: ts.ObjectLiteralExpression[];
}

/** Per top-level statement: its nodes that declare, write, call, construct or are objects, in tree order. */
const relevant = new WeakMap<ts.Node, ts.Node[]>();

function relevantNodes(st: ts.Statement): ts.Node[] {
  let out = relevant.get(st);
  if (out) return out;
  const list: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (isRelevant(n)) list.push(n);
    ts.forEachChild(n, visit);
  };
  visit(st);
  relevant.set(st, (out = list));
  return out;
}

/** The kinds `Bindings.declare` and `write` act on, and those the extractors list. */
function isRelevant(n: ts.Node): boolean {
  switch (n.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.ObjectLiteralExpression:
    case ts.SyntaxKind.VariableDeclaration:
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.ClassDeclaration:
    case ts.SyntaxKind.Parameter:
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ImportEqualsDeclaration:
      return true;
    default:
      return isWrite(n);
  }
}

/** Every binding in a file, by scope and name, plus the import map. */
export class Bindings {
  readonly imports: ImportMap = new Map();
  /** Every module imported anywhere in the file, function-local imports included. */
  readonly targets = new Set<string>();
  private readonly byScope = new Map<ts.Node, Map<string, Binding>>();

  /**
   * One walk of the whole tree: declarations are recorded as they are met, and the writes (which need
   * every declaration, hoisted ones included) are resolved after it, in the order they were met. `found`
   * receives every call, `new` and object literal of the same walk, in tree order (what the JS extractors
   * read). The nodes that matter are kept per top-level statement: a statement an incremental parse reused
   * (the same node, so the same subtree) is not walked again.
   */
  constructor(sf: ts.SourceFile, found?: Found) {
    const writes: ts.Node[] = [];
    for (const st of sf.statements) {
      for (const n of relevantNodes(st)) {
        switch (n.kind) {
          case ts.SyntaxKind.CallExpression:
            found?.calls.push(n as ts.CallExpression);
            break;
          case ts.SyntaxKind.NewExpression:
            found?.news.push(n as ts.NewExpression);
            break;
          case ts.SyntaxKind.ObjectLiteralExpression:
            found?.objects.push(n as ts.ObjectLiteralExpression);
            break;
          default:
            if (isWrite(n)) writes.push(n);
            else this.declare(n);
        }
      }
    }
    for (const n of writes) this.write(n);
  }

  /** The binding a name refers to at a node: the nearest enclosing declaration. */
  lookup(name: string, at: ts.Node): Binding | undefined {
    for (let p: ts.Node | undefined = at; p; p = p.parent) {
      const b = this.byScope.get(p)?.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /**
   * Records an import in the file's map: a module-level one always, a function-local one only when no
   * module-level import has the name (the binding itself keeps its own target either way).
   */
  private importTarget(local: string, target: string, scope: ts.Node): void {
    this.targets.add(target);
    if (ts.isSourceFile(scope) || !this.imports.has(local)) this.imports.set(local, target);
  }

  private add(name: string, b: Omit<Binding, "name" | "writes">): void {
    let m = this.byScope.get(b.scope);
    if (!m) this.byScope.set(b.scope, (m = new Map()));
    // A second declaration of the same name in one scope (`var` twice): nothing is certain any more.
    const prev = m.get(name);
    if (prev) prev.writes.push(b.decl);
    else m.set(name, { name, writes: [], ...b });
  }

  private declare(n: ts.Node): void {
    if (ts.isVariableDeclaration(n)) this.variable(n);
    else if (ts.isFunctionDeclaration(n) && n.name) {
      this.add(n.name.text, { scope: scopeOf(n, true), kind: "function", decl: n });
    } else if (ts.isClassDeclaration(n) && n.name) {
      this.add(n.name.text, { scope: scopeOf(n, false), kind: "class", decl: n });
    } else if (ts.isParameter(n)) {
      for (const id of boundNames(n.name))
        this.add(id.text, { scope: n.parent, kind: "param", decl: n });
    } else if (ts.isImportDeclaration(n)) this.importDecl(n);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const m = n.moduleReference.expression;
      const target = ts.isStringLiteralLike(m) ? m.text : undefined;
      const scope = scopeOf(n, false);
      if (target) this.importTarget(n.name.text, target, scope);
      this.add(n.name.text, { scope, kind: "import", decl: n, target });
    }
  }

  private importDecl(n: ts.ImportDeclaration): void {
    const spec = n.moduleSpecifier;
    const clause = n.importClause;
    if (!ts.isStringLiteralLike(spec) || !clause) return;
    const mod = spec.text;
    const scope = n.getSourceFile();
    const bind = (local: string, target: string): void => {
      this.importTarget(local, target, scope);
      this.add(local, { scope, kind: "import", decl: n, target });
    };
    if (clause.name) bind(clause.name.text, mod);
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) bind(nb.name.text, mod);
    else if (nb) {
      for (const el of nb.elements) {
        const imported = (el.propertyName ?? el.name).text;
        bind(el.name.text, imported === "default" ? mod : `${mod}.${imported}`);
      }
    }
  }

  private variable(d: ts.VariableDeclaration): void {
    const list = d.parent;
    const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
    const kind = flags & ts.NodeFlags.Const ? "const" : flags & ts.NodeFlags.Let ? "let" : "var";
    const scope = scopeOf(list, kind === "var");
    const init = d.initializer;
    const target = init ? requireTarget(init) : undefined;
    if (ts.isIdentifier(d.name)) {
      if (target !== undefined) this.importTarget(d.name.text, target, scope);
      this.add(d.name.text, {
        scope,
        kind: target !== undefined ? "import" : kind,
        decl: d,
        init,
        target,
      });
      return;
    }
    if (ts.isObjectBindingPattern(d.name)) {
      for (const el of d.name.elements) {
        if (!ts.isIdentifier(el.name)) {
          for (const id of boundNames(el.name)) this.add(id.text, { scope, kind, decl: el });
          continue;
        }
        const prop =
          el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        if (target !== undefined && !el.dotDotDotToken) {
          const t = prop === "default" ? target : `${target}.${prop}`;
          this.importTarget(el.name.text, t, scope);
          this.add(el.name.text, { scope, kind: "import", decl: el, target: t });
          continue;
        }
        // Defaults and rest elements make the value depend on the object's shape: left unresolved.
        const simple =
          !el.dotDotDotToken &&
          !el.initializer &&
          (!el.propertyName || ts.isIdentifier(el.propertyName));
        this.add(el.name.text, {
          scope,
          kind,
          decl: el,
          init: simple ? init : undefined,
          path: simple ? prop : undefined,
        });
      }
      return;
    }
    for (const id of boundNames(d.name)) this.add(id.text, { scope, kind, decl: d });
  }

  private write(n: ts.Node): void {
    let targets: ts.Identifier[] = [];
    if (ts.isBinaryExpression(n) && isAssignment(n.operatorToken.kind))
      targets = assignedNames(n.left);
    else if (
      (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) &&
      (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      targets = assignedNames(n.operand);
    } else if (
      (ts.isForInStatement(n) || ts.isForOfStatement(n)) &&
      !ts.isVariableDeclarationList(n.initializer)
    ) {
      targets = assignedNames(n.initializer as ts.Expression);
    }
    for (const id of targets) this.lookup(id.text, id)?.writes.push(n);
  }
}

/** Whether a node can write a name (what `write` looks at): checked on every node, so kinds first. */
function isWrite(n: ts.Node): boolean {
  switch (n.kind) {
    case ts.SyntaxKind.BinaryExpression:
      return isAssignment((n as ts.BinaryExpression).operatorToken.kind);
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.ForOfStatement:
      return true;
    default:
      return false;
  }
}

function isAssignment(k: ts.SyntaxKind): boolean {
  return k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment;
}

function assignedNames(e: ts.Expression): ts.Identifier[] {
  e = skipOuter(e);
  if (ts.isIdentifier(e)) return [e];
  if (ts.isArrayLiteralExpression(e))
    return e.elements.flatMap((x) => assignedNames(ts.isSpreadElement(x) ? x.expression : x));
  if (ts.isObjectLiteralExpression(e)) {
    return e.properties.flatMap((p) => {
      if (ts.isShorthandPropertyAssignment(p)) return [p.name];
      if (ts.isPropertyAssignment(p)) return assignedNames(p.initializer);
      if (ts.isSpreadAssignment(p)) return assignedNames(p.expression);
      return [];
    });
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    return assignedNames(e.left);
  return [];
}

function boundNames(n: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(n)) return [n];
  return n.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : boundNames(el.name)));
}
