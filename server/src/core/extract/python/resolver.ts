import type { Guard, Span } from "../../model";
import type { PyNode } from "../../parse/python";
import { append, concat, type ChoiceOption, type DictEntry, type Value } from "../../values";
import {
  unknown,
  pyString,
  enclosingFunction,
  guardOf,
  ifBranches,
  isParameter,
  negate,
  spanOf,
} from "./syntax";
import { resolveCall, resolveComprehension } from "./calls";
import type { PyLink } from "./link";
import { classAttribute, enclosingClass, importedName, refOf } from "./objects";

const MAX_DEPTH = 12;

/** One assignment to a name: `name = value`, `name += value`, with the guards of the branch it sits in. */
export interface Binding {
  /** The assigned expression. */
  node: PyNode;
  /** The assigned name (the left-hand identifier). */
  target: PyNode;
  /** `=` or the augmented operator (`+=`). */
  op: string;
  guards: Guard[];
}

type Scope = Map<string, Binding[]>;

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
  /** Import statements already read at module level (under `if`/`try`). */
  private readonly collected = new Set<number>();

  constructor(
    readonly root: PyNode,
    readonly text: string,
    readonly link?: PyLink,
  ) {
    this.collect(root, []);
    // Imports inside functions (`def create_app(): from flask_cors import CORS`) bind names in that
    // function only: they never change what a name means at module level or in other functions.
    for (const stmt of root.descendantsOfType(["import_statement", "import_from_statement"])) {
      if (!stmt || stmt.parent?.type === "module") continue;
      const fn = enclosingFunction(stmt);
      if (!fn) {
        if (!this.collected.has(stmt.id)) this.addImport(stmt);
        continue;
      }
      let map = this.localImports.get(fn.id);
      if (!map) this.localImports.set(fn.id, (map = new Map()));
      this.addImport(stmt, map);
    }
  }

  private collect(block: PyNode, guards: Guard[], scope: Scope = this.assignments): void {
    for (const stmt of block.namedChildren) {
      if (!stmt) continue;
      switch (stmt.type) {
        case "import_statement":
        case "import_from_statement":
          // A function body's own imports are kept apart (see the constructor).
          if (scope === this.assignments) {
            this.addImport(stmt);
            this.collected.add(stmt.id);
          }
          break;
        case "expression_statement": {
          const a = stmt.namedChildren[0];
          if (a?.type === "assignment" || a?.type === "augmented_assignment") {
            this.addAssignment(a, guards, scope);
          }
          break;
        }
        case "if_statement":
          for (const { body, guards: g } of ifBranches(stmt))
            this.collect(body, [...guards, ...g], scope);
          break;
        case "try_statement":
          for (const c of stmt.namedChildren) {
            if (c?.type === "block") this.collect(c, guards, scope);
            else if (
              c?.type === "except_clause" ||
              c?.type === "else_clause" ||
              c?.type === "finally_clause"
            ) {
              const b = c.namedChildren.find((x) => x?.type === "block");
              if (b) this.collect(b, guards, scope);
            }
          }
          break;
        case "with_statement":
        case "for_statement":
        case "while_statement": {
          const b = stmt.childForFieldName("body");
          if (b) this.collect(b, guards, scope);
          break;
        }
        case "ERROR":
        case "block":
          this.collect(stmt, guards, scope);
          break;
        case "class_definition":
        case "function_definition":
        case "decorated_definition": {
          const def =
            stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
          const name = def?.childForFieldName("name")?.text;
          if (def && name && scope === this.assignments) this.defs.set(name, def);
          break;
        }
      }
    }
  }

  private addImport(stmt: PyNode, into: Map<string, string> = this.imports): void {
    if (stmt.type === "import_statement") {
      for (const n of stmt.childrenForFieldName("name")) {
        if (!n) continue;
        if (n.type === "aliased_import") {
          const name = n.childForFieldName("name")?.text ?? "";
          const alias = n.childForFieldName("alias")?.text;
          if (alias) into.set(alias, name);
        } else {
          // `import a.b` binds `a`; qualified lookups then read `a.b.x` as written.
          const first = n.text.split(".")[0];
          into.set(first, first);
        }
      }
      return;
    }
    const mod = stmt.childForFieldName("module_name")?.text.replace(/\s+/g, "") ?? "";
    if (stmt.namedChildren.some((c) => c?.type === "wildcard_import")) this.stars.push(mod);
    // `from . import config` names `.config`, `from .. import x` names `..x`.
    const join = (name: string): string => (mod.endsWith(".") ? mod + name : `${mod}.${name}`);
    for (const n of stmt.childrenForFieldName("name")) {
      if (!n) continue;
      if (n.type === "aliased_import") {
        const name = n.childForFieldName("name")?.text ?? "";
        const alias = n.childForFieldName("alias")?.text ?? name;
        into.set(alias, join(name));
      } else {
        into.set(n.text, join(n.text));
      }
    }
  }

  private addAssignment(a: PyNode, guards: Guard[], scope: Scope): void {
    const left = a.childForFieldName("left");
    let right = a.childForFieldName("right");
    // `a = b = value` binds both names to the innermost value.
    while (right?.type === "assignment") right = right.childForFieldName("right");
    if (!left || !right || left.type !== "identifier") return;
    const op =
      a.type === "augmented_assignment" ? (a.childForFieldName("operator")?.text ?? "+=") : "=";
    const list = scope.get(left.text) ?? [];
    list.push({ node: right, target: left, op, guards });
    scope.set(left.text, list);
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
    let scope = this.locals.get(fn.id);
    if (!scope) {
      scope = new Map();
      const body = fn.childForFieldName("body");
      if (body) this.collect(body, [], scope);
      this.locals.set(fn.id, scope);
    }
    const list = scope
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
    if (isParameter(fn, name)) return true;
    let scope = this.locals.get(fn.id);
    if (!scope) {
      scope = new Map();
      const body = fn.childForFieldName("body");
      if (body) this.collect(body, [], scope);
      this.locals.set(fn.id, scope);
    }
    return scope.has(name);
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
    const q = this.qualified(n);
    return !!q && names.includes(q);
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
        return this.adjacentStrings(n);
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
        return this.sequence(n, depth);
      case "dictionary":
        return this.dictionary(n, depth);
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

  /**
   * Adjacent literals (`"a" "b"`) are one string to Python; the pieces are kept so that fixes leave
   * the value alone and a missing comma inside a list can be reported.
   */
  private adjacentStrings(n: PyNode): Value {
    const parts: { value: string; span: Span }[] = [];
    let escaped = false;
    for (const c of n.namedChildren) {
      if (!c || c.type === "comment") continue;
      const part = c.type === "string" ? this.stringValue(c) : undefined;
      if (!part || part.kind !== "string") return unknown(n);
      parts.push({ value: part.value, span: part.span });
      escaped ||= !!part.escaped;
    }
    const inSequence = ["list", "tuple", "set"].includes(n.parent?.type ?? "");
    return {
      kind: "string",
      value: parts.map((p) => p.value).join(""),
      span: spanOf(n),
      pieces: { joined: inSequence ? "adjacent-item" : "adjacent", parts },
      ...(escaped ? { escaped } : {}),
    };
  }

  private sequence(n: PyNode, depth: number): Value {
    const items: Value[] = [];
    for (const c of n.namedChildren) {
      if (!c || c.type === "comment") continue;
      if (c.type === "list_splat" && c.namedChildren[0]) {
        const inner = this.resolve(c.namedChildren[0], depth + 1);
        if (inner.kind === "list") items.push(...inner.items);
        else items.push(inner);
      } else {
        items.push(this.resolve(c, depth + 1));
      }
    }
    return { kind: "list", items, span: spanOf(n) };
  }

  private dictionary(n: PyNode, depth: number): Value {
    const entries: DictEntry[] = [];
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === "pair") {
        const k = c.childForFieldName("key");
        const v = c.childForFieldName("value");
        if (!k || !v) continue;
        const key = this.resolve(k, depth + 1);
        entries.push({
          key: key.kind === "string" ? key.value : k.text,
          keySpan: spanOf(k),
          value: this.resolve(v, depth + 1),
          span: spanOf(c),
        });
      } else if (c.type === "dictionary_splat" && c.namedChildren[0]) {
        const inner = this.resolve(c.namedChildren[0], depth + 1);
        if (inner.kind === "dict") entries.push(...inner.entries);
      }
    }
    return { kind: "dict", entries, span: spanOf(n) };
  }
}

function choice(options: ChoiceOption[], n: PyNode): Value {
  return { kind: "choice", options, span: spanOf(n) };
}
