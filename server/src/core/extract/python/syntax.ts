import type { Guard, Span } from "../../model";
import type { PyNode } from "../../parse/python";
import type { Value } from "../../values";

/** Offsets of a tree-sitter node (web-tree-sitter indexes in UTF-16 units, like JS strings). */
export function spanOf(n: PyNode): Span {
  return { start: n.startIndex, end: n.endIndex };
}

/** The innermost function definition around a node, if any. */
export function enclosingFunction(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === "function_definition" || p.type === "lambda") return p;
    if (p.type === "class_definition") return undefined;
  }
  return undefined;
}

export function isParameter(fn: PyNode, name: string): boolean {
  const params = fn.childForFieldName("parameters");
  for (const p of params?.namedChildren ?? []) {
    if (!p) continue;
    const id = p.type === "identifier" ? p : (p.childForFieldName("name") ?? p.namedChildren[0]);
    if (id?.text === name) return true;
  }
  return false;
}

/** A guard for a condition node, taken when true. */
export function guardOf(cond: PyNode): Guard {
  const definition = flagDefinition(cond);
  return {
    condition: cond.text,
    whenTrue: true,
    span: spanOf(cond),
    ...(definition ? { definition } : {}),
  };
}

/** `DEBUG` / `settings.DEBUG` / `not DEBUG` -> what a module-level `DEBUG = ...` of this file assigns. */
function flagDefinition(cond: PyNode): string | undefined {
  let c: PyNode | null = cond;
  while (c && (c.type === "not_operator" || c.type === "parenthesized_expression"))
    c = c.type === "not_operator" ? c.childForFieldName("argument") : c.namedChildren[0];
  if (!c || (c.type !== "identifier" && c.type !== "attribute")) return undefined;
  const name = c.type === "identifier" ? c.text : c.childForFieldName("attribute")?.text;
  return name === undefined ? undefined : topLevelAssignments(c.tree).get(name);
}

/** Per tree: the first top-level `name = value` of each name, as text (read once, not once per guard). */
const topLevel = new WeakMap<PyNode["tree"], Map<string, string | undefined>>();

function topLevelAssignments(tree: PyNode["tree"]): Map<string, string | undefined> {
  let map = topLevel.get(tree);
  if (map) return map;
  map = new Map();
  for (const st of tree.rootNode.namedChildren) {
    const a = st?.type === "expression_statement" ? st.namedChildren[0] : undefined;
    if (a?.type !== "assignment") continue;
    const left = a.childForFieldName("left")?.text;
    if (left !== undefined && !map.has(left)) map.set(left, a.childForFieldName("right")?.text);
  }
  topLevel.set(tree, map);
  return map;
}

export function negate(g: Guard): Guard {
  return { ...g, whenTrue: !g.whenTrue };
}

/** The branches of an if statement with the guards that lead into each. */
export function ifBranches(stmt: PyNode): { body: PyNode; guards: Guard[] }[] {
  const out: { body: PyNode; guards: Guard[] }[] = [];
  const previous: Guard[] = [];
  const cond = stmt.childForFieldName("condition");
  const body = stmt.childForFieldName("consequence");
  if (cond && body) {
    out.push({ body, guards: [guardOf(cond)] });
    previous.push(negate(guardOf(cond)));
  }
  for (const alt of stmt.childrenForFieldName("alternative")) {
    if (!alt) continue;
    if (alt.type === "elif_clause") {
      const c = alt.childForFieldName("condition");
      const b = alt.childForFieldName("consequence");
      if (c && b) {
        out.push({ body: b, guards: [...previous, guardOf(c)] });
        previous.push(negate(guardOf(c)));
      }
    } else if (alt.type === "else_clause") {
      const b = alt.childForFieldName("body");
      if (b) out.push({ body: b, guards: [...previous] });
    }
  }
  return out;
}

/** The guards of every `if`/`elif`/`else` branch enclosing a node, outermost first. */
export function enclosingGuards(n: PyNode): Guard[] {
  const guards: Guard[] = [];
  for (let c: PyNode = n, p = n.parent; p; c = p, p = p.parent) {
    if (c.type !== "block") continue;
    const stmt =
      p.type === "if_statement"
        ? p
        : (p.type === "elif_clause" || p.type === "else_clause") &&
            p.parent?.type === "if_statement"
          ? p.parent
          : undefined;
    const branch = stmt && ifBranches(stmt).find((b) => b.body.id === c.id);
    if (branch) guards.unshift(...branch.guards);
  }
  return guards;
}

/** Decodes Python escape sequences of a non-raw string. Unknown escapes stay as written, as Python keeps them. */
export function decodeEscapes(s: string): string {
  return s.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|\n|.)/g,
    (m, e: string) => {
      switch (e[0]) {
        case "n":
          return e === "n" ? "\n" : m;
        case "t":
          return "\t";
        case "r":
          return "\r";
        case "\\":
          return "\\";
        case "'":
          return "'";
        case '"':
          return '"';
        case "\n":
          return "";
        case "a":
          return "\x07";
        case "b":
          return "\b";
        case "f":
          return "\f";
        case "v":
          return "\v";
        case "x":
        case "u":
        case "U":
          return String.fromCodePoint(parseInt(e.slice(1), 16));
        default:
          if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
          return m;
      }
    },
  );
}

/** A value a reader cannot tell, described by its source text. */
export function unknown(n: PyNode): Value {
  return {
    kind: "unknown",
    span: spanOf(n),
    text: n.text.length > 80 ? n.text.slice(0, 77) + "..." : n.text,
  };
}

/** Decodes a Python string literal (prefixes, escapes, raw strings); f-strings with interpolations are unknown. */
export function pyString(n: PyNode): Value | undefined {
  const start = n.namedChildren.find((c) => c?.type === "string_start")?.text ?? '"';
  const prefix = start.replace(/['"]/g, "").toLowerCase();
  if (n.namedChildren.some((c) => c?.type === "interpolation")) return undefined;
  let value = "";
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === "string_content") value += prefix.includes("r") ? c.text : decodeEscapes(c.text);
    else if (c.type === "escape_sequence")
      value += prefix.includes("r") ? c.text : decodeEscapes(c.text);
  }
  if (!n.namedChildren.some((c) => c?.type === "string_content" || c?.type === "escape_sequence")) {
    const inner = n.text.slice(
      start.length,
      n.text.length - start.replace(/^[a-zA-Z]+/, "").length,
    );
    value = prefix.includes("r") ? inner : decodeEscapes(inner);
  }
  const escaped = !prefix.includes("r") && n.text.includes("\\");
  return { kind: "string", value, span: spanOf(n), ...(escaped ? { escaped } : {}) };
}
