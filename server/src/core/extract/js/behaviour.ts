import { ts } from "../../parse/typescript";
import { soleList, type Answer, type OriginSummary, type Value } from "../../values";
import {
  acceptance,
  and,
  any,
  checkF,
  FALSE,
  guardF,
  mergeSummaries,
  pathsOf,
  TRUE,
  UNKNOWN,
  type Formula,
} from "../origins";
import { skipOuter } from "./bindings";
import { conditionKind } from "../../context";
import { condition, derived, equalityCheck, valueIn, type CheckContext } from "./conditions";
import { exits as leaves, spanOf } from "./guards";
import { originReader } from "./origin-checks";
import type { JsResolver } from "./resolver";

/** A function a resolver can read the body of. */
export type FnLike =
  ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** How deep helpers calling helpers are followed. */
const MAX_HELPER_DEPTH = 3;

/** One way out of a function: what it answers and under which condition. */
interface Exit {
  value: ts.Expression | undefined;
  when: Formula;
  /** `cb(new Error())`: a refusal whatever the value. */
  error?: boolean;
}

/**
 * What a function does with the request's origin, as "accepts O when ...": `o => o` and
 * `(o, cb) => cb(null, o)` reflect, `cb(null, true)` allows, `cb(null, list.includes(o))` or an
 * allowing branch under a check accepts what the check accepts. Every path counts: early returns,
 * if/else, switch, loops over a list, try/catch. A branch taken when the Origin header is missing
 * is no cross-origin read. The origin is parameter `originIndex` (Express, Fastify, Hono) or a header
 * read (`ctx.get('Origin')` in Koa, Elysia); `cbIndex` names a Node-style callback parameter.
 * The node may come from another module: the resolver `r` must be that module's.
 */
export function summariseFunction(
  fn: FnLike,
  r: JsResolver,
  originIndex = 0,
  cbIndex = 1,
  depth = 0,
): OriginSummary {
  if (!fn.body) return { kind: "unknown" };
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name : undefined));
  const ctx: CheckContext = {
    r,
    o: originReader(r, names[originIndex]),
    items: new Map(),
    helper: (call, index) => helperFormula(r, call, index, depth),
  };
  const exits = collectExits(fn, names[cbIndex]?.text, ctx);
  if (!exits) return { kind: "unknown" };
  return mergeSummaries(exits.map((x) => exitSummary(x, ctx)));
}

/** When a helper of this module returns something truthy for the origin passed at `index`. */
function helperFormula(
  r: JsResolver,
  call: ts.CallExpression,
  index: number,
  depth: number,
): Formula | undefined {
  if (depth >= MAX_HELPER_DEPTH) return undefined;
  const fn = calledFunction(r, call.expression);
  if (!fn) return undefined;
  return acceptance(summariseFunction(fn, r, index, -1, depth + 1));
}

function calledFunction(r: JsResolver, e: ts.Expression): FnLike | undefined {
  e = skipOuter(e);
  if (!ts.isIdentifier(e)) return undefined;
  const b = r.bindings.lookup(e.text, e);
  if (b && ts.isFunctionDeclaration(b.decl)) return b.decl;
  const init = r.initializerOf(e);
  const n = init && skipOuter(init);
  return n && (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) ? n : undefined;
}

function exitSummary(x: Exit, ctx: CheckContext): OriginSummary {
  if (x.error || !x.value) return pathsOf({ kind: "true" }, FALSE);
  const v = skipOuter(x.value);
  if (ts.isConditionalExpression(v)) {
    return mergeSummaries([
      exitSummary({ value: v.whenTrue, when: and(x.when, condition(ctx, v.condition, true)) }, ctx),
      exitSummary(
        { value: v.whenFalse, when: and(x.when, condition(ctx, v.condition, false)) },
        ctx,
      ),
    ]);
  }
  if (ts.isBinaryExpression(v)) {
    const op = v.operatorToken.kind;
    // `check(origin) || null`, `origin?.endsWith(x) ?? false`: the left side decides.
    if (
      (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) &&
      /^(false|null|undefined|''|""|void 0)$/.test(skipOuter(v.right).getText())
    )
      return exitSummary({ ...x, value: v.left }, ctx);
  }
  const a = answerOf(v, ctx);
  if (a === "deny") return pathsOf({ kind: "true" }, FALSE);
  if (a !== "unknown") {
    // A fixed value is answered whatever the origin: its condition does not restrict it (an options
    // object handed over by a delegate does: its `origin` may be `true`).
    const fixed = a.kind === "value" && a.value.kind !== "dict";
    const when = fixed && x.when.kind === "unknown" ? TRUE : x.when;
    return pathsOf(a, when);
  }
  if (looksBoolean(v)) return pathsOf({ kind: "true" }, and(x.when, condition(ctx, v, true)));
  return { kind: "unknown" };
}

function answerOf(v: ts.Expression, ctx: CheckContext): Answer | "deny" | "unknown" {
  if (v.kind === ts.SyntaxKind.TrueKeyword) return { kind: "true" };
  if (/^(false|null|undefined|''|""|void 0|0)$/.test(v.getText())) return "deny";
  if (ts.isNewExpression(v) && /Error$/.test(v.expression.getText())) return "deny";
  if (derived(ctx, v)?.length === 0 || ctx.o.isOrigin(v)) return { kind: "origin" };
  if (ts.isIdentifier(v) || ts.isArrayLiteralExpression(v) || ts.isStringLiteralLike(v)) {
    const val: Value = valueIn(ctx, v);
    if (val.kind === "null" || (val.kind === "bool" && !val.value)) return "deny";
    if (val.kind === "bool") return { kind: "true" };
    if (["string", "list", "regex", "env", "choice", "dict"].includes(val.kind))
      return { kind: "value", value: val };
  }
  if (ts.isRegularExpressionLiteral(v) || ts.isObjectLiteralExpression(v))
    return { kind: "value", value: valueIn(ctx, v) };
  return "unknown";
}

/** A call or comparison whose result is a yes/no about the origin. */
function looksBoolean(e: ts.Expression): boolean {
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(e)) {
    const S = ts.SyntaxKind;
    return [
      S.AmpersandAmpersandToken,
      S.BarBarToken,
      S.EqualsEqualsEqualsToken,
      S.EqualsEqualsToken,
      S.ExclamationEqualsEqualsToken,
      S.ExclamationEqualsToken,
      S.GreaterThanToken,
      S.GreaterThanEqualsToken,
      S.LessThanToken,
      S.InKeyword,
    ].includes(e.operatorToken.kind);
  }
  return ts.isCallExpression(e);
}

/** Returns and callback calls with the condition each runs under; undefined when the callback escapes. */
function collectExits(
  fn: FnLike,
  cbName: string | undefined,
  ctx: CheckContext,
): Exit[] | undefined {
  const body = fn.body!;
  const isCb = (e: ts.Expression): e is ts.CallExpression => {
    e = skipOuter(e);
    return !!cbName && ts.isCallExpression(e) && isName(e.expression, cbName);
  };
  if (!ts.isBlock(body)) {
    if (!isCb(body)) return [{ value: body, when: TRUE }];
  }
  const exits: Exit[] = [];
  let escaped = false;
  const visit = (n: ts.Node): void => {
    if (n !== body && ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && !(n.expression && isCb(n.expression))) {
      exits.push({ value: n.expression, when: reach(n, fn, ctx) });
    } else if (ts.isCallExpression(n) && isCb(n)) {
      const err = n.arguments[0];
      const error = !!err && !/^(null|undefined|void 0|false)$/.test(skipOuter(err).getText());
      exits.push({ value: n.arguments[1], when: reach(n, fn, ctx), error });
      return;
    } else if (ts.isIdentifier(n) && cbName && n.text === cbName && !ts.isParameter(n.parent)) {
      escaped = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  if (escaped) return undefined;
  // An arrow or function that falls off its end answers undefined: a refusal.
  return exits;
}

function isName(e: ts.Expression, name: string): boolean {
  e = skipOuter(e);
  return ts.isIdentifier(e) && e.text === name;
}

/**
 * The condition under which `node` runs inside `fn`: enclosing if/else and ternary branches, `&&`/`||`
 * right operands, switch cases, earlier `if (c) return` statements, and `for...of` loops over a list
 * (the body runs once per item: the conditions are read per item, and one item suffices).
 */
function reach(node: ts.Node, fn: FnLike, ctx: CheckContext): Formula {
  const parts: ((c: CheckContext) => Formula)[] = [];
  let child: ts.Node = node;
  for (let p = node.parent; p && p !== fn; child = p, p = p.parent) {
    const ch = child;
    if (ts.isIfStatement(p) && ch !== p.expression) {
      const cond = p.expression;
      parts.push((c) => condition(c, cond, ch === p.thenStatement));
    } else if (ts.isConditionalExpression(p) && ch !== p.condition) {
      parts.push((c) => condition(c, p.condition, ch === p.whenTrue));
    } else if (ts.isBinaryExpression(p) && ch === p.right) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken)
        parts.push((c) => condition(c, p.left, true));
      else if (op === ts.SyntaxKind.BarBarToken) parts.push((c) => condition(c, p.left, false));
    } else if (ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      parts.push((c) => caseCondition(c, p));
    }
    if (ts.isBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p)) {
      for (const s of p.statements) {
        if (s === ch) break;
        if (ts.isIfStatement(s) && !s.elseStatement && leaves(s.thenStatement))
          parts.push((c) => condition(c, s.expression, false));
        else if (
          ts.isIfStatement(s) &&
          s.elseStatement &&
          leaves(s.thenStatement) &&
          leaves(s.elseStatement)
        )
          return FALSE;
        else if (leaves(s) && !ts.isIfStatement(s)) return FALSE;
      }
    }
    if (ts.isForOfStatement(p) && ch === p.statement) {
      const loop = p;
      const inner = [...parts];
      parts.length = 0;
      parts.push((c) => perItem(c, loop, (ci) => andAll(inner, ci)));
    }
  }
  return andAll(parts, ctx);
}

function andAll(parts: ((c: CheckContext) => Formula)[], ctx: CheckContext): Formula {
  return parts.reduce((f, p) => and(f, p(ctx)), TRUE);
}

/** A `for (const x of list)` body's condition: one item of the list satisfying it suffices. */
function perItem(
  ctx: CheckContext,
  loop: ts.ForOfStatement,
  body: (c: CheckContext) => Formula,
): Formula {
  const init = loop.initializer;
  const decl = ts.isVariableDeclarationList(init) ? init.declarations[0] : undefined;
  if (!decl || !ts.isIdentifier(decl.name)) return UNKNOWN;
  const list = soleList(valueIn(ctx, loop.expression));
  if (!list || list.items.length > 32) return UNKNOWN;
  return any(list.items.map((item) => body({ ...ctx, items: new Map(ctx.items).set(decl, item) })));
}

/** `case x:` inside `switch (origin)`: the origin equals x (or a case falling through to it). */
function caseCondition(ctx: CheckContext, clause: ts.CaseClause | ts.DefaultClause): Formula {
  const sw = clause.parent.parent;
  const clauses = clause.parent.clauses;
  const i = clauses.indexOf(clause);
  // Fall-through: empty clauses before this one lead here too.
  let j = i;
  while (j > 0 && clauses[j - 1].statements.length === 0) j--;
  const labels = clauses.slice(j, i + 1);
  if (labels.some((c) => ts.isDefaultClause(c))) {
    return UNKNOWN;
  }
  // `switch (true) { case check(origin): ... }`
  if (sw.expression.kind === ts.SyntaxKind.TrueKeyword)
    return any(labels.map((c) => condition(ctx, (c as ts.CaseClause).expression, true)));
  const t = derived(ctx, sw.expression);
  return any(
    labels.map((c) => {
      const label = (c as ts.CaseClause).expression;
      if (t) return checkF(equalityCheck(valueIn(ctx, label), t));
      // `switch (process.env.NODE_ENV) { case "development": ... }`: a guard.
      const text = `${sw.expression.getText()} === ${label.getText()}`;
      return conditionKind(text)
        ? guardF({ condition: text, whenTrue: true, span: spanOf(label) })
        : UNKNOWN;
    }),
  );
}
