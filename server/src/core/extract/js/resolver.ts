import { ts } from "../../parse/typescript";
import { summariseFunction } from "./behaviour";
import { Bindings, requireTarget, skipOuter, type Binding } from "./bindings";
import { envVariable } from "./env-reads";
import { mentionsImport } from "./gates";
import type { JsLink } from "./link";
import { importedValue, importTarget, requirePath } from "./modules";
import { conditionsOf, enclosingFunction, guardOf, inLoop, negate, spanOf } from "./guards";
import {
  choiceOf,
  concat,
  entry,
  filterItems,
  mapStrings,
  truthy,
  type DictEntry,
  type Value,
} from "../../values";
import { dropsEmpty, isEmptyString, regexLiteral, stringMapper, unknownOf } from "./value-ops";

const MAX_DEPTH = 16;

/**
 * Reads a TS/JS file the way a reviewer would, with the syntax tree only (no program, no checker):
 * imports, constants in every scope, and what an expression evaluates to when that can be told
 * without running anything.
 */
export class JsResolver {
  private bound?: Bindings;
  private readonly cache = new Map<ts.Node, Value>();
  private readonly resolving = new Set<Binding>();

  private tree?: ts.SourceFile;
  private readonly text: string;

  /**
   * `sf` may be a function that parses on first use: checks answered from the text never call it.
   * `bind` builds the bindings when they are first needed (by default from the tree alone).
   */
  constructor(
    sf: ts.SourceFile | (() => ts.SourceFile),
    text = typeof sf === "function" ? undefined : sf.text,
    readonly link?: JsLink,
    private readonly bind?: () => Bindings,
  ) {
    if (typeof sf === "function") this.parse = sf;
    else this.tree = sf;
    this.text = text ?? this.sf.text;
  }

  private parse?: () => ts.SourceFile;

  /** The syntax tree (parsed now if it was not yet). */
  get sf(): ts.SourceFile {
    return (this.tree ??= this.parse!());
  }

  /** Every binding of the file, found on first use (files no extractor applies to never need them). */
  get bindings(): Bindings {
    return (this.bound ??= this.bind?.() ?? new Bindings(this.sf));
  }

  /** The module's own path when it is read as part of a project. */
  get file(): string | undefined {
    return this.link?.file;
  }

  /** Local name -> `module` / `module.export`. */
  get imports(): Map<string, string> {
    return this.bindings.imports;
  }

  /** Whether the file imports or requires this module (or something inside it). */
  importsModule(...mods: string[]): boolean {
    // An import or a require names its module in a string right after `from`, `import` or a require call:
    // with no such string in the text there is no such import, and no tree is needed to say so
    // (a `mode: "cors"` in a fetch is not an import of `cors`).
    if (!mentionsImport(this.text, ...mods)) return false;
    for (const q of this.bindings.targets) {
      if (mods.some((m) => q === m || q.startsWith(m + "."))) return true;
    }
    return false;
  }

  /**
   * The dotted name an expression refers to through imports (`c.cors` -> `hono/cors.cors`,
   * `require('cors')` -> `cors`); globals keep their name; other locals have none.
   */
  qualified(e: ts.Expression | undefined): string | undefined {
    if (!e) return undefined;
    e = skipOuter(e);
    if (ts.isIdentifier(e)) {
      const b = this.bindings.lookup(e.text, e);
      if (!b) return e.text;
      return b.kind === "import" ? (b.target ?? this.imports.get(e.text)) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const obj = this.qualified(e.expression);
      if (obj === undefined) return undefined;
      return e.name.text === "default" && !obj.includes(".") ? obj : `${obj}.${e.name.text}`;
    }
    if (ts.isCallExpression(e)) return requireTarget(e);
    return undefined;
  }

  /** The initializer of a never-reassigned variable, for readers that need syntax rather than a value. */
  initializerOf(id: ts.Identifier): ts.Expression | undefined {
    const b = this.bindings.lookup(id.text, id);
    if (
      !b ||
      b.writes.length ||
      b.path ||
      (b.kind !== "const" && b.kind !== "let" && b.kind !== "var")
    )
      return undefined;
    return b.init;
  }

  /** The name of an environment variable an expression reads (`process.env.X`, `import.meta.env.X`). */
  envName(e: ts.Expression): string | undefined {
    return envVariable(e, (x) => this.qualified(x));
  }

  /** What an expression evaluates to, as far as a reader can tell. */
  resolve(e: ts.Expression, depth = 0): Value {
    const cached = this.cache.get(e);
    if (cached) return cached;
    const v = depth > MAX_DEPTH ? unknownOf(e) : this.compute(e, depth + 1);
    this.cache.set(e, v);
    return v;
  }

  private compute(e: ts.Expression, d: number): Value {
    const span = spanOf(e);
    const env = this.envName(e);
    if (env !== undefined) return { kind: "env", variable: env, span };
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
      return this.resolve(e.expression, d);
    }
    if (ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) {
      return this.resolve(e.expression, d);
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      const escaped = e.getText().includes("\\");
      return { kind: "string", value: e.text, span, ...(escaped ? { escaped } : {}) };
    }
    if (ts.isNumericLiteral(e))
      return { kind: "number", value: Number(e.text.replace(/_/g, "")), span };
    if (ts.isRegularExpressionLiteral(e)) return regexLiteral(e);
    switch (e.kind) {
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
        return { kind: "bool", value: e.kind === ts.SyntaxKind.TrueKeyword, span };
      case ts.SyntaxKind.NullKeyword:
        return { kind: "null", span };
      default:
        break; // every other expression kind is read below
    }
    if (ts.isVoidExpression(e)) return { kind: "null", span };
    if (ts.isIdentifier(e)) return this.identifier(e, d);
    if (ts.isTemplateExpression(e)) return this.template(e, d);
    if (ts.isArrayLiteralExpression(e)) return this.array(e, d);
    if (ts.isObjectLiteralExpression(e)) return this.object(e, d);
    if (ts.isBinaryExpression(e)) return this.binary(e, d);
    if (ts.isConditionalExpression(e)) return this.conditional(e, d);
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))
      return this.member(e, d);
    if (ts.isCallExpression(e)) return this.call(e, d);
    if (ts.isNewExpression(e)) return this.newExpr(e, d);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      return { kind: "function", span, summary: summariseFunction(e, this) };
    }
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) {
      const v = this.resolve(e.operand, d);
      if (v.kind === "number") return { kind: "number", value: -v.value, span };
    }
    return unknownOf(e);
  }

  private identifier(id: ts.Identifier, d: number): Value {
    const b = this.bindings.lookup(id.text, id);
    if (!b) return id.text === "undefined" ? { kind: "null", span: spanOf(id) } : unknownOf(id);
    if (this.resolving.has(b)) return unknownOf(id);
    this.resolving.add(b);
    try {
      return this.bindingValue(b, d) ?? unknownOf(id);
    } finally {
      this.resolving.delete(b);
    }
  }

  private bindingValue(b: Binding, d: number): Value | undefined {
    if (b.kind === "function" && ts.isFunctionDeclaration(b.decl)) {
      return { kind: "function", span: spanOf(b.decl), summary: summariseFunction(b.decl, this) };
    }
    if (b.kind === "import") {
      const t = this.link ? importTarget(b) : undefined;
      return t ? importedValue(this, t) : undefined;
    }
    if (b.kind !== "const" && b.kind !== "let" && b.kind !== "var") return undefined;
    let current: Value | undefined = b.init ? this.resolve(b.init, d) : undefined;
    if (b.path !== undefined) return current ? entry(current, b.path)?.value : undefined;
    if (!b.init && b.writes.length === 0) return { kind: "null", span: spanOf(b.decl) };
    const fn = enclosingFunction(b.decl);
    for (const w of b.writes) {
      // Writes from another function, a loop or a destructuring pattern happen at times a reader cannot tell.
      if (!ts.isBinaryExpression(w) || enclosingFunction(w) !== fn || inLoop(w, b.scope))
        return undefined;
      if (!ts.isIdentifier(skipOuter(w.left))) return undefined;
      const op = w.operatorToken.kind;
      let v = this.resolve(w.right, d);
      if (op === ts.SyntaxKind.PlusEqualsToken && current) v = concat(current, v, spanOf(w));
      else if (op !== ts.SyntaxKind.EqualsToken) return undefined;
      const guards = conditionsOf(w, b.scope).map((c) => guardOf(c.expr, c.whenTrue));
      if (guards.length === 0 || !current)
        current = guards.length ? choiceOf([{ value: v, guards }], v.span) : v;
      else {
        const otherwise = guards.length === 1 ? [negate(guards[0])] : [];
        current = choiceOf(
          [
            { value: v, guards },
            { value: current, guards: otherwise },
          ],
          spanOf(w),
        );
      }
    }
    return current;
  }

  private template(e: ts.TemplateExpression, d: number): Value {
    let s = e.head.text;
    const parts = [{ value: e.head.text, span: spanOf(e.head) }];
    for (const part of e.templateSpans) {
      const v = this.resolve(part.expression, d);
      if (v.kind !== "string" && v.kind !== "number") return unknownOf(e);
      s += String(v.value) + part.literal.text;
      parts.push({ value: String(v.value), span: v.span });
      parts.push({ value: part.literal.text, span: spanOf(part.literal) });
    }
    return { kind: "string", value: s, span: spanOf(e), pieces: { joined: "template", parts } };
  }

  private array(e: ts.ArrayLiteralExpression, d: number): Value {
    const items: Value[] = [];
    for (const el of e.elements) {
      if (ts.isOmittedExpression(el)) continue;
      if (ts.isSpreadElement(el)) {
        const inner = this.resolve(el.expression, d);
        if (inner.kind === "list") items.push(...inner.items);
        else items.push(inner);
      } else items.push(this.resolve(el, d));
    }
    return { kind: "list", items, span: spanOf(e) };
  }

  /** The key a property name spells, when it is static. */
  propertyKey(name: ts.PropertyName, d = 0): string | undefined {
    if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name)) {
      const v = this.resolve(name.expression, d);
      return v.kind === "string" ? v.value : undefined;
    }
    return undefined;
  }

  private object(e: ts.ObjectLiteralExpression, d: number): Value {
    const entries: DictEntry[] = [];
    for (const p of e.properties) {
      if (ts.isSpreadAssignment(p)) {
        const inner = this.resolve(p.expression, d);
        if (inner.kind === "dict") entries.push(...inner.entries);
        continue;
      }
      const key = p.name ? this.propertyKey(p.name, d) : undefined;
      if (key === undefined || !p.name) continue;
      let value: Value;
      if (ts.isPropertyAssignment(p)) value = this.resolve(p.initializer, d);
      else if (ts.isShorthandPropertyAssignment(p)) value = this.resolve(p.name, d);
      else if (ts.isMethodDeclaration(p))
        value = { kind: "function", span: spanOf(p), summary: summariseFunction(p, this) };
      else continue;
      entries.push({ key, keySpan: spanOf(p.name), value, span: spanOf(p) });
    }
    return { kind: "dict", entries, span: spanOf(e) };
  }

  private binary(e: ts.BinaryExpression, d: number): Value {
    const span = spanOf(e);
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken)
      return concat(this.resolve(e.left, d), this.resolve(e.right, d), span);
    if (op === ts.SyntaxKind.CommaToken) return this.resolve(e.right, d);
    if (op !== ts.SyntaxKind.BarBarToken && op !== ts.SyntaxKind.QuestionQuestionToken)
      return unknownOf(e);
    const l = this.resolve(e.left, d);
    // `process.env.X || '*'`: the right side is what you get when the variable is unset (or empty, for `||`).
    if (l.kind === "env" && !l.fallback) return { ...l, fallback: this.resolve(e.right, d), span };
    if (op === ts.SyntaxKind.QuestionQuestionToken) {
      if (l.kind === "null") return this.resolve(e.right, d);
      return l.kind === "unknown" || l.kind === "choice" ? unknownOf(e) : l;
    }
    const t = truthy(l);
    return t === true ? l : t === false ? this.resolve(e.right, d) : unknownOf(e);
  }

  private conditional(e: ts.ConditionalExpression, d: number): Value {
    const yes = this.resolve(e.whenTrue, d);
    const no = this.resolve(e.whenFalse, d);
    // `process.env.X ? process.env.X.split(',') : '*'` is an env lookup with a default.
    const tested = this.envName(e.condition);
    if (tested !== undefined && yes.kind === "env" && yes.variable === tested && !yes.fallback) {
      return { ...yes, fallback: no, span: spanOf(e) };
    }
    return choiceOf(
      [
        { value: yes, guards: [guardOf(e.condition, true)] },
        { value: no, guards: [guardOf(e.condition, false)] },
      ],
      spanOf(e),
    );
  }

  private member(e: ts.PropertyAccessExpression | ts.ElementAccessExpression, d: number): Value {
    const obj = this.resolve(e.expression, d);
    let key: string | undefined;
    if (ts.isPropertyAccessExpression(e)) key = e.name.text;
    else {
      const k = this.resolve(e.argumentExpression, d);
      key = k.kind === "string" ? k.value : k.kind === "number" ? String(k.value) : undefined;
    }
    if (key === undefined) return unknownOf(e);
    if (obj.kind === "dict") return entry(obj, key)?.value ?? unknownOf(e);
    if (obj.kind === "list" && /^\d+$/.test(key))
      return obj.items[Number(key)] ?? { kind: "null", span: spanOf(e) };
    return unknownOf(e);
  }

  private call(e: ts.CallExpression, d: number): Value {
    const span = spanOf(e);
    const callee = skipOuter(e.expression);
    const arg = (i: number): Value | undefined =>
      e.arguments[i] ? this.resolve(e.arguments[i], d) : undefined;
    const required = this.link ? requirePath(e) : undefined;
    if (required) return importedValue(this, required) ?? unknownOf(e);
    const q = this.qualified(callee);
    if (q === "RegExp") return this.regexCall(e, d);
    if (q === "Object.freeze" || q === "Array.from" || q === "String")
      return arg(0) ?? unknownOf(e);
    if (!ts.isPropertyAccessExpression(callee)) return unknownOf(e);
    const method = callee.name.text;
    const recv = (): Value => this.resolve(callee.expression, d);
    switch (method) {
      case "split": {
        const sep = arg(0);
        if (sep?.kind === "string") return mapStrings(recv(), span, (s) => s.split(sep.value));
        // `split(/\s*,\s*/)` and the like: commas with optional spaces.
        if (
          sep?.kind === "regex" &&
          /^(\\s[*+]?|\s[*+]?)?,(\\s[*+]?|\s[*+]?)?$/.test(sep.pattern)
        ) {
          return mapStrings(recv(), span, (s) => s.split(",").map((x) => x.trim()));
        }
        return unknownOf(e);
      }
      case "trim":
      case "trimEnd":
      case "trimStart":
      case "toLowerCase":
        return mapStrings(recv(), span, (s) =>
          method === "toLowerCase" ? s.toLowerCase() : s[method](),
        );
      case "map": {
        const f = e.arguments[0] && stringMapper(e.arguments[0]);
        return f ? mapStrings(recv(), span, f) : unknownOf(e);
      }
      case "filter":
        return e.arguments[0] && dropsEmpty(e.arguments[0])
          ? filterItems(recv(), (i) => !isEmptyString(i))
          : unknownOf(e);
      case "join": {
        // `list.join("|")` (a pattern built at run time): strings only, in order.
        const sep = e.arguments[0] ? arg(0) : ({ kind: "string", value: ",", span } as Value);
        const v = recv();
        if (sep?.kind !== "string" || v.kind !== "list") return unknownOf(e);
        const parts = v.items.map((i) => (i.kind === "string" ? i.value : undefined));
        if (parts.some((x) => x === undefined)) return unknownOf(e);
        return { kind: "string", value: parts.join(sep.value), span };
      }
      case "replace":
      case "replaceAll": {
        const [from, to] = [arg(0), arg(1)];
        if (to?.kind !== "string") return unknownOf(e);
        if (from?.kind === "string")
          return mapStrings(recv(), span, (s) =>
            method === "replaceAll"
              ? s.split(from.value).join(to.value)
              : s.replace(from.value, () => to.value),
          );
        if (from?.kind === "regex") {
          try {
            const re = new RegExp(from.pattern, from.flags);
            return mapStrings(recv(), span, (s) => s.replace(re, to.value));
          } catch {
            return unknownOf(e);
          }
        }
        return unknownOf(e);
      }
      case "concat": {
        let v = recv();
        for (let i = 0; i < e.arguments.length && v.kind === "list"; i++) {
          const a = arg(i)!;
          v = { kind: "list", items: [...v.items, ...(a.kind === "list" ? a.items : [a])], span };
        }
        return v.kind === "list" || v.kind === "string" ? v : unknownOf(e);
      }
    }
    return unknownOf(e);
  }

  private regexCall(e: ts.CallExpression | ts.NewExpression, d: number): Value {
    const args = e.arguments ?? [];
    const p = args[0] ? this.resolve(args[0], d) : undefined;
    const f = args[1] ? this.resolve(args[1], d) : undefined;
    if (p?.kind === "regex")
      return { ...p, flags: f?.kind === "string" ? f.value : p.flags, span: spanOf(e) };
    if (p?.kind !== "string" || (f && f.kind !== "string")) return unknownOf(e);
    return {
      kind: "regex",
      pattern: p.value,
      flags: f?.kind === "string" ? f.value : "",
      span: spanOf(e),
    };
  }

  private newExpr(e: ts.NewExpression, d: number): Value {
    const q = this.qualified(e.expression);
    if (q === "RegExp") return this.regexCall(e, d);
    if (q === "Set" || q === "Array") {
      const a = e.arguments?.[0];
      if (!a) return { kind: "list", items: [], span: spanOf(e) };
      const v = this.resolve(a, d);
      return v.kind === "list" || v.kind === "env" || v.kind === "choice" ? v : unknownOf(e);
    }
    return unknownOf(e);
  }
}
