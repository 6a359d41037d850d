import type { PyNode } from "../../parse/python";
import { append, concat, type ChoiceOption, type DictEntry, type Value } from "../../values";
import {
  unknown,
  pyString,
  enclosingFunction,
  guardOf,
  isParameter,
  negate,
  spanOf,
} from "./syntax";
import { addImport, collectScope, type Binding, type Scope } from "./bindings";
import { importStatements } from "./find";
import { resolveCall, resolveComprehension } from "./calls";
import { adjacentStrings, dictionary, sequence } from "./literals";
import type { PyLink } from "./link";
import { classAttribute, enclosingClass, importedName, refOf } from "./objects";

const MAX_DEPTH = 12;

export type { Binding };

/**
 * Reads a Python module the way a reviewer would: imports, module-level constants, and what an
 * expression evaluates to when that can be told without running anything.
 */
export class PyResolver {
  /** Local name -> dotted name it was imported as (`C` -> `flask_cors.CORS`). */
  readonly imports = new Map<string, string>();
  /** Modules imported with `from x import *`, in order. */
  readonly stars: string[] = [];
  /** Module-level classes and functions by name (decorated ones included). */
  readonly defs = new Map<string, PyNode>();
  private readonly assignments: Scope = new Map();
  private readonly locals = new Map<number, Scope>();
  private readonly cache = new Map<number, Value>();
  private readonly resolving = new Set<string>();
  /** Imports written inside a function, by function node id. */
  private readonly localImports = new Map<number, Map<string, string>>();

  constructor(
    readonly root: PyNode,
    readonly text: string,
    readonly link?: PyLink,
  ) {
    const collected = new Set<number>();
    const module = { imports: this.imports, stars: this.stars, defs: this.defs, collected };
    collectScope(root, [], this.assignments, module);
    // Imports inside functions (`def create_app(): from flask_cors import CORS`) bind names in that
    // function only: they never change what a name means at module level or in other functions.
    // Found from the text: the statements of a whole-tree walk, without the walk.
    for (const stmt of importStatements(root, text)) {
      if (stmt.parent?.type === "module") continue;
      const fn = enclosingFunction(stmt);
      if (!fn) {
        if (!collected.has(stmt.id)) addImport(stmt, this.imports, this.stars);
        continue;
      }
      let map = this.localImports.get(fn.id);
      if (!map) this.localImports.set(fn.id, (map = new Map()));
      addImport(stmt, map, this.stars);
    }
  }

  /** The module's own path when it is read as part of a project. */
  get file(): string | undefined {
    return this.link?.file;
  }

  /** Whether `from this_module import *` brings a name: `__all__` when it is a literal list, else public names. */
  exports(name: string): boolean {
    const all = this.assignments.has("__all__") ? this.constant("__all__") : undefined;
    if (all?.kind === "list") return all.items.some((i) => i.kind === "string" && i.value === name);
    if (name.startsWith("_")) return false;
    return (
      this.assignments.has(name) ||
      this.defs.has(name) ||
      this.imports.has(name) ||
      this.stars.length > 0
    );
  }

  /**
   * A name this module does not bind itself but takes from another module: `from x import NAME`, or a
   * `from x import *` (Django split settings: `from .base import *`). The value names its file.
   */
  inherited(name: string): Value | undefined {
    const ref = this.link ? importedName(this, name) : undefined;
    return ref?.kind === "value" ? ref.value : undefined;
  }

  /** Every module-level assignment to a name, in source order (including those under `if`/`try`). */
  bindings(name: string): readonly Binding[] {
    return this.assignments.get(name) ?? [];
  }

  /** Every name assigned at module level. */
  moduleNames(): string[] {
    return [...this.assignments.keys()];
  }

  /** Assignments to `name` in the function enclosing `at` that end before it; undefined outside functions. */
  localBindings(name: string, at: PyNode): Binding[] | undefined {
    const fn = enclosingFunction(at);
    if (!fn) return undefined;
    const list = this.localScope(fn)
      .get(name)
      ?.filter((b) => (b.node.parent?.endIndex ?? b.node.endIndex) <= at.startIndex);
    if (list?.length) return list;
    return isParameter(fn, name) ? [] : undefined;
  }

  /**
   * The expression a name was last bound to without a guard (locally first, then at module level),
   * for extractors that read syntax rather than values (`cors = CORS()`, `opts = ResourceOptions(...)`).
   */
  definition(n: PyNode | null | undefined): PyNode | undefined {
    if (!n || n.type !== "identifier") return undefined;
    const list = this.localBindings(n.text, n) ?? this.bindings(n.text);
    for (let i = list.length - 1; i >= 0; i--) if (list[i].op === "=") return list[i].node;
    return undefined;
  }

  /** Whether any import names this module or something inside it. */
  importsModule(prefix: string): boolean {
    const maps = [this.imports, ...this.localImports.values()];
    for (const q of maps.flatMap((m) => [...m.values()]))
      if (q === prefix || q.startsWith(prefix + ".")) return true;
    return false;
  }

  /**
   * What a name means inside the functions around `n`: a function-local import, or the name itself
   * when a function binds it (assignment or parameter) and so shadows the module's import.
   */
  private scopedImport(n: PyNode): string | undefined {
    // Only a name imported somewhere can mean something else inside a function: any other name is
    // itself either way, and finding the function's own bindings walks its whole body.
    if (!this.imports.has(n.text) && !this.importedLocally(n.text)) return undefined;
    for (let fn = enclosingFunction(n); fn; fn = enclosingFunction(fn)) {
      const local = this.localImports.get(fn.id)?.get(n.text);
      if (local) return local;
      if (this.bindsLocally(fn, n.text)) return n.text;
    }
    return undefined;
  }

  private importedLocally(name: string): boolean {
    for (const names of this.localImports.values()) if (names.has(name)) return true;
    return false;
  }

  private bindsLocally(fn: PyNode, name: string): boolean {
    return isParameter(fn, name) || this.localScope(fn).has(name);
  }

  /** The assignments of a function's body, read once. */
  private localScope(fn: PyNode): Scope {
    let scope = this.locals.get(fn.id);
    if (!scope) {
      scope = new Map();
      const body = fn.childForFieldName("body");
      if (body) collectScope(body, [], scope);
      this.locals.set(fn.id, scope);
    }
    return scope;
  }

  /** The dotted name an identifier or attribute chain refers to, through imports (`c.CORS` -> `flask_cors.CORS`). */
  qualified(n: PyNode | null | undefined): string | undefined {
    if (!n) return undefined;
    if (n.type === "identifier") return this.scopedImport(n) ?? this.imports.get(n.text) ?? n.text;
    if (n.type === "attribute") {
      const obj = this.qualified(n.childForFieldName("object"));
      const attr = n.childForFieldName("attribute")?.text;
      return obj && attr ? `${obj}.${attr}` : undefined;
    }
    return undefined;
  }

  /** Whether a callee is one of the given fully-qualified names (matched by suffix after the module). */
  isName(n: PyNode | null | undefined, ...names: string[]): boolean {
    if (!n || !this.mayName(n, names)) return false;
    const q = this.qualified(n);
    return !!q && names.includes(q);
  }

  /**
   * The last names a callee has when `isName(callee, ...names)` can hold: each name's last part
   * (`CORS(...)`, `flask_cors.CORS(...)`) and every name an import binds to one of them (`C` after
   * `from flask_cors import CORS as C`). For {@link PyFile.callsNamed}.
   */
  calleeNames(...names: string[]): string[] {
    const lasts = names.map((q) => q.slice(q.lastIndexOf(".") + 1));
    return [...new Set([...lasts, ...this.importedAs((q) => names.includes(q))])];
  }

  /** The names imports bind (at module level or in a function) to a dotted name that passes `test`. */
  importedAs(test: (qualified: string) => boolean): string[] {
    const out = new Set<string>();
    for (const map of [this.imports, ...this.localImports.values()])
      for (const [local, q] of map) if (test(q)) out.add(local);
    return [...out];
  }

  /**
   * Whether `qualified(n)` can be one of `names`, told from the last name alone: an attribute chain ends
   * with its attribute; an identifier is itself, its module-level import or one of its function-local ones.
   * Most callees of a file fail this without reading their scopes.
   */
  private mayName(n: PyNode, names: readonly string[]): boolean {
    if (n.type === "attribute") {
      const attr = n.childForFieldName("attribute")?.text;
      return attr !== undefined && names.some((q) => q.endsWith(`.${attr}`));
    }
    if (n.type !== "identifier") return false;
    const name = n.text;
    if (names.includes(name)) return true;
    const q = this.imports.get(name);
    if (q !== undefined && names.includes(q)) return true;
    for (const local of this.localImports.values()) {
      const l = local.get(name);
      if (l !== undefined && names.includes(l)) return true;
    }
    return false;
  }

  /** Keyword arguments of a call as a dict value; positional ones come back separately. */
  callArgs(call: PyNode): { positional: PyNode[]; keywords: DictEntry[]; kwargsSplat: Value[] } {
    const args = call.childForFieldName("arguments");
    const positional: PyNode[] = [];
    const keywords: DictEntry[] = [];
    const kwargsSplat: Value[] = [];
    for (const a of args?.namedChildren ?? []) {
      if (!a || a.type === "comment") continue;
      if (a.type === "keyword_argument") {
        const name = a.childForFieldName("name");
        const value = a.childForFieldName("value");
        if (name && value) {
          keywords.push({
            key: name.text,
            keySpan: spanOf(name),
            value: this.resolve(value),
            span: spanOf(a),
          });
        }
      } else if (a.type === "dictionary_splat") {
        const v = this.resolve(a.namedChildren[0]!);
        kwargsSplat.push(v);
        if (v.kind === "dict") keywords.push(...v.entries);
      } else {
        positional.push(a);
      }
    }
    return { positional, keywords, kwargsSplat };
  }

  /** The module-level value bound to a name, or undefined when it is not a module constant. */
  constant(name: string, depth = 0): Value | undefined {
    return this.combine(name, this.assignments.get(name), depth);
  }

  /** The value of a sequence of bindings: later ones replace earlier ones, guarded ones become choices. */
  private combine(
    key: string,
    list: readonly Binding[] | undefined,
    depth: number,
  ): Value | undefined {
    if (!list || !list.length || this.resolving.has(key) || depth > MAX_DEPTH) return undefined;
    this.resolving.add(key);
    try {
      let current: Value | undefined;
      for (const { node, target, op, guards } of list) {
        const added = this.resolve(node, depth + 1);
        if (op === "+=" && !current) current = this.inherited(key);
        if (op === "+=" && !current && added.kind === "list") {
          // `X += [...]` on a name from elsewhere (`from .base import *`): unknown items, then these.
          const items = guards.length
            ? added.items.map((i): Value => choice([{ value: i, guards }], node))
            : added.items;
          current = { kind: "list", items: [unknown(target), ...items], span: added.span };
          continue;
        }
        if (op === "+=" && current && guards.length && added.kind === "list") {
          // Items added under a guard keep it; the items before keep theirs.
          current = append(
            current,
            added.items.map((i): Value => choice([{ value: i, guards }], node)),
          );
          continue;
        }
        let v = added;
        if (op === "+=" && current) v = concat(current, v, spanOf(node));
        else if (op !== "=") v = { kind: "unknown", span: spanOf(node), text: node.text };
        if (guards.length === 0 || !current)
          current = guards.length ? choice([{ value: v, guards }], node) : v;
        else
          current = choice(
            [
              { value: v, guards },
              { value: current, guards: guards.map(negate) },
            ],
            node,
          );
      }
      return current;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** What an expression evaluates to, as far as a reader can tell. */
  resolve(n: PyNode, depth = 0): Value {
    const cached = this.cache.get(n.id);
    if (cached) return cached;
    const v = depth > MAX_DEPTH ? unknown(n) : this.compute(n, depth);
    this.cache.set(n.id, v);
    return v;
  }

  private compute(n: PyNode, depth: number): Value {
    const span = spanOf(n);
    switch (n.type) {
      case "string":
        return this.stringValue(n) ?? unknown(n);
      case "concatenated_string":
        return adjacentStrings(this, n);
      case "integer":
        return { kind: "number", value: Number(n.text.replace(/_/g, "")), span };
      case "float":
        return { kind: "number", value: Number(n.text.replace(/_/g, "")), span };
      case "true":
      case "false":
        return { kind: "bool", value: n.type === "true", span };
      case "none":
        return { kind: "null", span };
      case "parenthesized_expression":
        return n.namedChildren[0] ? this.resolve(n.namedChildren[0], depth + 1) : unknown(n);
      case "list":
      case "tuple":
      case "set":
        return sequence(this, n, depth);
      case "dictionary":
        return dictionary(this, n, depth);
      case "identifier": {
        const local = this.localBindings(n.text, n);
        if (local) {
          const v = this.combine(`${enclosingFunction(n)?.id}:${n.text}`, local, depth + 1);
          return v && v.kind !== "unknown" ? v : unknown(n);
        }
        // What cannot be read is named as written here (`DEBUG`), not by the expression behind it.
        const v = this.constant(n.text, depth + 1);
        if (v) return v.kind !== "unknown" ? v : unknown(n);
        // `X = X + [...]` after `from .base import *`: the right side reads the imported X.
        const before = this.resolving.has(n.text) ? this.inherited(n.text) : undefined;
        if (before) return before;
        const ref = refOf(this, n);
        return ref?.kind === "value" && ref.value.kind !== "unknown" ? ref.value : unknown(n);
      }
      case "attribute":
        return this.attribute(n);
      case "conditional_expression": {
        const [a, cond, b] = n.namedChildren;
        if (!a || !cond || !b) return unknown(n);
        const g = guardOf(cond);
        return choice(
          [
            { value: this.resolve(a, depth + 1), guards: [g] },
            { value: this.resolve(b, depth + 1), guards: [negate(g)] },
          ],
          n,
        );
      }
      case "boolean_operator": {
        // `os.getenv("X") or "*"`: the right side is what you get when the left is unset/empty.
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        const op = n.childForFieldName("operator")?.text;
        if (op === "or" && left && right) {
          const l = this.resolve(left, depth + 1);
          if (l.kind === "env" && !l.fallback)
            return { ...l, fallback: this.resolve(right, depth + 1), span };
        }
        return unknown(n);
      }
      case "binary_operator": {
        const left = n.childForFieldName("left");
        const right = n.childForFieldName("right");
        if (n.childForFieldName("operator")?.text !== "+" || !left || !right) return unknown(n);
        return concat(this.resolve(left, depth + 1), this.resolve(right, depth + 1), span);
      }
      case "call":
        return resolveCall(this, n, depth);
      case "list_comprehension":
      case "set_comprehension":
      case "generator_expression":
        return resolveComprehension(this, n, depth);
      case "lambda":
        return { kind: "function", span, summary: { kind: "unknown" } };
      default:
        return unknown(n);
    }
  }

  /** `settings.cors_origins`, `config.ORIGINS`, `self.origins` inside a class: read through the project. */
  private attribute(n: PyNode): Value {
    const obj = n.childForFieldName("object");
    const attr = n.childForFieldName("attribute")?.text;
    if (obj?.type === "identifier" && obj.text === "self" && attr) {
      const cls = enclosingClass(n);
      const v = cls ? classAttribute(this, cls, attr, []) : undefined;
      return v && v.kind !== "unknown" ? v : unknown(n);
    }
    const ref = refOf(this, n);
    return ref?.kind === "value" && ref.value.kind !== "unknown" ? ref.value : unknown(n);
  }

  /** Decodes a string literal; f-strings with interpolations are unknown. */
  stringValue(n: PyNode): Value | undefined {
    return pyString(n);
  }
}

function choice(options: ChoiceOption[], n: PyNode): Value {
  return { kind: "choice", options, span: spanOf(n) };
}
