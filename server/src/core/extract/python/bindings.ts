import type { Guard } from "../../model";
import type { PyNode } from "../../parse/python";
import { ifBranches } from "./syntax";

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

/** The assignments of one scope (a module or a function body), by name, in source order. */
export type Scope = Map<string, Binding[]>;

/** What a module binds at its own level, besides assignments. */
export interface ModuleBindings {
  /** Local name -> dotted name it was imported as (`C` -> `flask_cors.CORS`). */
  imports: Map<string, string>;
  /** Modules imported with `from x import *`, in order. */
  stars: string[];
  /** Module-level classes and functions by name (decorated ones included). */
  defs: Map<string, PyNode>;
  /** Ids of the import statements read at module level (under `if`/`try` included). */
  collected: Set<number>;
}

/**
 * Reads the statements of a block into `scope`: assignments (also under `if`/`try`/`with`/loops, with
 * the guards of their branch) and, with `module`, the module level's imports and definitions.
 */
export function collectScope(
  block: PyNode,
  guards: Guard[],
  scope: Scope,
  module?: ModuleBindings,
): void {
  for (const stmt of block.namedChildren) {
    if (!stmt) continue;
    switch (stmt.type) {
      case "import_statement":
      case "import_from_statement":
        // A function body's own imports are kept apart (see PyResolver's constructor).
        if (module) {
          addImport(stmt, module.imports, module.stars);
          module.collected.add(stmt.id);
        }
        break;
      case "expression_statement": {
        const a = stmt.namedChildren[0];
        if (a?.type === "assignment" || a?.type === "augmented_assignment") {
          addAssignment(a, guards, scope);
        }
        break;
      }
      case "if_statement":
        for (const { body, guards: g } of ifBranches(stmt))
          collectScope(body, [...guards, ...g], scope, module);
        break;
      case "try_statement":
        for (const c of stmt.namedChildren) {
          if (c?.type === "block") collectScope(c, guards, scope, module);
          else if (
            c?.type === "except_clause" ||
            c?.type === "else_clause" ||
            c?.type === "finally_clause"
          ) {
            const b = c.namedChildren.find((x) => x?.type === "block");
            if (b) collectScope(b, guards, scope, module);
          }
        }
        break;
      case "with_statement":
      case "for_statement":
      case "while_statement": {
        const b = stmt.childForFieldName("body");
        if (b) collectScope(b, guards, scope, module);
        break;
      }
      case "ERROR":
      case "block":
        collectScope(stmt, guards, scope, module);
        break;
      case "class_definition":
      case "function_definition":
      case "decorated_definition": {
        const def =
          stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
        const name = def?.childForFieldName("name")?.text;
        if (def && name && module) module.defs.set(name, def);
        break;
      }
    }
  }
}

/** Reads one import statement into `into` (local name -> dotted name); `from x import *` into `stars`. */
export function addImport(stmt: PyNode, into: Map<string, string>, stars: string[]): void {
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
  if (stmt.namedChildren.some((c) => c?.type === "wildcard_import")) stars.push(mod);
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

function addAssignment(a: PyNode, guards: Guard[], scope: Scope): void {
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
