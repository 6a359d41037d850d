import type { PyNode } from "../../parse/python";
import { soleList, type Answer, type OriginSummary } from "../../values";
import {
  acceptance,
  and,
  any,
  FALSE,
  mergeSummaries,
  pathsOf,
  TRUE,
  UNKNOWN,
  type Formula,
} from "../origins";
import { bindItem, condition, derived, valueIn, type PyCheckContext } from "./conditions";
import type { PyResolver } from "./resolver";

const MAX_HELPER_DEPTH = 3;

/** A context for reading conditions in `scope`, following same-module helpers. */
export function checkContext(r: PyResolver, depth = 0, originParam?: PyNode): PyCheckContext {
  return {
    r,
    originParam,
    items: new Map(),
    helper: (call, index) => helperFormula(r, call, index, depth),
  };
}

/**
 * What a Python function does with the origin passed as parameter `originIndex`: "accepts O when ...",
 * from every `return` (early returns, if/elif/else, `for` loops over a list returning inside, a
 * conditional expression, `return origin in ALLOWED`). Falling off the end returns None: a refusal.
 * `fn` may come from another module; `r` must be that module's resolver.
 */
export function summarisePyFunction(
  r: PyResolver,
  fn: PyNode,
  originIndex = 0,
  depth = 0,
): OriginSummary {
  const params = (fn.childForFieldName("parameters")?.namedChildren ?? []).filter(
    (p): p is PyNode => !!p && p.type !== "comment",
  );
  const skipSelf = fn.parent?.parent?.type === "class_definition" ? 1 : 0;
  const p = params[originIndex + skipSelf];
  const id = p?.type === "identifier" ? p : (p?.childForFieldName("name") ?? p?.namedChildren[0]);
  if (!id || id.type !== "identifier") return { kind: "unknown" };
  const ctx = checkContext(r, depth, id);
  const body = fn.childForFieldName("body");
  if (!body) return { kind: "unknown" };
  if (fn.type === "lambda") return exitSummary(ctx, body, TRUE);
  const exits: OriginSummary[] = [];
  const visit = (n: PyNode): void => {
    if (
      n.id !== body.id &&
      (n.type === "function_definition" || n.type === "lambda" || n.type === "class_definition")
    )
      return;
    if (n.type === "return_statement") {
      const v = n.namedChildren[0];
      exits.push(v ? exitSummary(ctx, v, reach(ctx, n, fn)) : pathsOf({ kind: "true" }, FALSE));
      return;
    }
    for (const c of n.namedChildren) if (c) visit(c);
  };
  visit(body);
  return mergeSummaries(exits);
}

function helperFormula(
  r: PyResolver,
  call: PyNode,
  index: number,
  depth: number,
): Formula | undefined {
  if (depth >= MAX_HELPER_DEPTH) return undefined;
  const fn = call.childForFieldName("function");
  const def = fn?.type === "identifier" ? functionNamed(r.root, fn.text) : undefined;
  if (!def) return undefined;
  return acceptance(summarisePyFunction(r, def, index, depth + 1));
}

/** A module-level `def name(...)` (decorated or not). */
export function functionNamed(root: PyNode, name: string): PyNode | undefined {
  for (const c of root.namedChildren) {
    const d = c?.type === "decorated_definition" ? c.childForFieldName("definition") : c;
    if (d?.type === "function_definition" && d.childForFieldName("name")?.text === name) return d;
  }
  return undefined;
}

function exitSummary(ctx: PyCheckContext, v: PyNode, when: Formula): OriginSummary {
  if (v.type === "parenthesized_expression" && v.namedChildren[0])
    return exitSummary(ctx, v.namedChildren[0], when);
  if (v.type === "conditional_expression") {
    const [a, cond, b] = v.namedChildren;
    if (!a || !cond || !b) return { kind: "unknown" };
    return mergeSummaries([
      exitSummary(ctx, a, and(when, condition(ctx, cond, true))),
      exitSummary(ctx, b, and(when, condition(ctx, cond, false))),
    ]);
  }
  const a = answerOf(ctx, v);
  if (a === "deny") return pathsOf({ kind: "true" }, FALSE);
  if (a !== "unknown")
    return pathsOf(a, a.kind === "value" && when.kind === "unknown" ? TRUE : when);
  if (["comparison_operator", "call", "boolean_operator", "not_operator"].includes(v.type))
    return pathsOf({ kind: "true" }, and(when, condition(ctx, v, true)));
  return { kind: "unknown" };
}

function answerOf(ctx: PyCheckContext, v: PyNode): Answer | "deny" | "unknown" {
  if (v.type === "true") return { kind: "true" };
  if (v.type === "false" || v.type === "none") return "deny";
  if (derived(ctx, v)?.length === 0) return { kind: "origin" };
  if (v.type === "string" || v.type === "identifier" || v.type === "list") {
    const val = valueIn(ctx, v);
    if (val.kind === "null" || (val.kind === "bool" && !val.value)) return "deny";
    if (val.kind === "string" && val.value === "") return "deny";
    if (val.kind === "bool") return { kind: "true" };
    if (["string", "list", "regex"].includes(val.kind)) return { kind: "value", value: val };
  }
  return "unknown";
}

/** Whether a statement always leaves its block. */
function leaves(s: PyNode): boolean {
  if (
    ["return_statement", "raise_statement", "continue_statement", "break_statement"].includes(
      s.type,
    )
  )
    return true;
  if (s.type === "if_statement") {
    const alts = s.childrenForFieldName("alternative");
    const hasElse = alts.some((a) => a?.type === "else_clause");
    const blocks = [
      s.childForFieldName("consequence"),
      ...alts.map((a) => a?.childForFieldName("consequence") ?? a?.childForFieldName("body")),
    ];
    return hasElse && blocks.every((b) => !!b && lastLeaves(b));
  }
  return false;
}

function lastLeaves(block: PyNode): boolean {
  const last = block.namedChildren.filter((x) => x && x.type !== "comment").pop();
  return !!last && leaves(last);
}

/**
 * The condition under which `node` runs in `fn`: if/elif/else branches, earlier `if c: return`
 * statements, and `for x in LIST:` loops (one item satisfying the body's conditions suffices).
 */
function reach(ctx: PyCheckContext, node: PyNode, fn: PyNode): Formula {
  const parts: ((c: PyCheckContext) => Formula)[] = [];
  for (let c: PyNode = node, p = node.parent; p && c.id !== fn.id; c = p, p = p.parent) {
    const child = c;
    if (p.type === "block") {
      for (const s of p.namedChildren) {
        if (!s || s.startIndex >= child.startIndex) break;
        if (s.type === "if_statement" && !s.childrenForFieldName("alternative").some(Boolean)) {
          const body = s.childForFieldName("consequence");
          if (body && lastLeaves(body)) {
            const cond = s.childForFieldName("condition");
            parts.push((x) => condition(x, cond, false));
          }
        } else if (leaves(s)) return FALSE;
      }
    }
    if (p.type === "if_statement" || p.type === "elif_clause" || p.type === "else_clause") {
      const stmt = p.type === "if_statement" ? p : p.parent;
      if (stmt?.type === "if_statement") parts.push(branchCondition(stmt, p, child));
    }
    if (p.type === "for_statement" && p.childForFieldName("body")?.id === child.id) {
      const loop = p;
      const inner = [...parts];
      parts.length = 0;
      parts.push((x) => perItem(x, loop, (xi) => inner.reduce((f, q) => and(f, q(xi)), TRUE)));
    }
  }
  return parts.reduce((f, q) => and(f, q(ctx)), TRUE);
}

function branchCondition(stmt: PyNode, p: PyNode, child: PyNode): (c: PyCheckContext) => Formula {
  const cond = stmt.childForFieldName("condition");
  if (p.type === "if_statement") {
    if (stmt.childForFieldName("consequence")?.id !== child.id) return () => TRUE;
    return (x) => condition(x, cond, true);
  }
  const alts = stmt.childrenForFieldName("alternative").filter((a): a is PyNode => !!a);
  const before = alts.slice(
    0,
    alts.findIndex((a) => a.id === p.id),
  );
  return (x) => {
    let f = condition(x, cond, false);
    for (const a of before) f = and(f, condition(x, a.childForFieldName("condition"), false));
    if (p.type === "elif_clause") f = and(f, condition(x, p.childForFieldName("condition"), true));
    return f;
  };
}

function perItem(ctx: PyCheckContext, loop: PyNode, body: (c: PyCheckContext) => Formula): Formula {
  const target = loop.childForFieldName("left");
  const iter = loop.childForFieldName("right");
  if (!target || target.type !== "identifier" || !iter) return UNKNOWN;
  const list = soleList(valueIn(ctx, iter));
  if (!list || list.items.length > 32) return UNKNOWN;
  return any(list.items.map((item) => body(bindItem(ctx, target, item))));
}
