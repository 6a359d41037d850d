import type { Guard, Span } from "../../model";
import { ts } from "../../parse/typescript";
import { skipOuter } from "./bindings";

/** The span of a node, without its leading trivia. */
export function spanOf(n: ts.Node): Span {
  return { start: n.getStart(), end: n.getEnd() };
}

/** A guard for a condition expression, taken when it is true (or false). */
export function guardOf(cond: ts.Expression, whenTrue = true): Guard {
  const definition = flagDefinition(cond);
  return {
    condition: cond.getText(),
    whenTrue,
    span: spanOf(cond),
    ...(definition ? { definition } : {}),
  };
}

/** `isDev` (or `!isDev`) -> the initializer of a top-level `const isDev = ...` in the file. */
function flagDefinition(cond: ts.Expression): string | undefined {
  let e = skipOuter(cond);
  while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
    e = skipOuter(e.operand);
  if (!ts.isIdentifier(e)) return undefined;
  for (const st of e.getSourceFile().statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.name.text === e.text && d.initializer)
        return d.initializer.getText();
  }
  return undefined;
}

export function negate(g: Guard): Guard {
  return { ...g, whenTrue: !g.whenTrue };
}

/**
 * A condition between a node and its enclosing `stop` node, with the expression kept for readers
 * that need more than the text (origin checks in callbacks and hand-written headers).
 */
export interface Condition {
  expr: ts.Expression;
  whenTrue: boolean;
}

/** Whether a statement always leaves its block (return, throw, or a block/if ending in one). */
export function exits(s: ts.Statement): boolean {
  if (
    ts.isReturnStatement(s) ||
    ts.isThrowStatement(s) ||
    ts.isContinueStatement(s) ||
    ts.isBreakStatement(s)
  ) {
    return true;
  }
  if (ts.isBlock(s)) return s.statements.length > 0 && exits(s.statements[s.statements.length - 1]);
  if (ts.isIfStatement(s))
    return !!s.elseStatement && exits(s.thenStatement) && exits(s.elseStatement);
  return false;
}

/**
 * Conditions under which a node runs, innermost last, up to (not including) `stop`: enclosing
 * if/else branches, ternary branches, `a && b` / `a || b` right operands and, with `earlyExits`,
 * the negation of every preceding `if (c) return` in an enclosing block.
 */
export function conditionsOf(node: ts.Node, stop?: ts.Node, earlyExits = false): Condition[] {
  const out: Condition[] = [];
  let child: ts.Node = node;
  for (let p = node.parent; p && p !== stop; child = p, p = p.parent) {
    if (ts.isIfStatement(p) && child !== p.expression) {
      out.push({ expr: p.expression, whenTrue: child === p.thenStatement });
    } else if (ts.isConditionalExpression(p) && child !== p.condition) {
      out.push({ expr: p.condition, whenTrue: child === p.whenTrue });
    } else if (ts.isBinaryExpression(p) && child === p.right) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) out.push({ expr: p.left, whenTrue: true });
      else if (op === ts.SyntaxKind.BarBarToken) out.push({ expr: p.left, whenTrue: false });
    } else if (earlyExits && (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p))) {
      for (const s of p.statements) {
        if (s === child) break;
        if (ts.isIfStatement(s) && !s.elseStatement && exits(s.thenStatement)) {
          out.push({ expr: s.expression, whenTrue: false });
        }
      }
    }
  }
  return out.reverse();
}

/** The if/else and ternary guards around a node, outermost first, as the model's Guard[]. */
export function guardsOf(node: ts.Node, stop?: ts.Node): Guard[] {
  return conditionsOf(node, stop).map((c) => guardOf(c.expr, c.whenTrue));
}

/** The nearest enclosing function-like node (or the source file). */
export function enclosingFunction(n: ts.Node): ts.Node {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p) || ts.isSourceFile(p)) return p;
  }
  return n.getSourceFile();
}

/** Whether a node sits inside a loop body below `stop`. */
export function inLoop(n: ts.Node, stop: ts.Node): boolean {
  for (let p = n.parent; p && p !== stop; p = p.parent) {
    if (ts.isIterationStatement(p, false)) return true;
  }
  return false;
}

/** `!x` -> x with the truth flipped, through parentheses. */
export function unwrapNot(c: Condition): Condition {
  let e = skipOuter(c.expr);
  let t = c.whenTrue;
  while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    e = skipOuter(e.operand);
    t = !t;
  }
  return { expr: e, whenTrue: t };
}
