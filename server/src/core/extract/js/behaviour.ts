import { conditionKind } from "../../context";
import { ts } from "../../parse/typescript";
import type { FunctionBehaviour } from "../../values";
import { skipOuter } from "./bindings";
import { conditionsOf, type Condition } from "./guards";
import {
  classifyCondition,
  originReader,
  weakest,
  type OriginCheck,
  type OriginReader,
} from "./origin-checks";
import type { JsResolver } from "./resolver";

/** A function a resolver can read the body of. */
export type FnLike =
  ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** One way out of an origin callback: what it answers and under which conditions. */
interface Exit {
  value: ts.Expression | undefined;
  conds: Condition[];
  /** `cb(new Error())`: a refusal whatever the value. */
  error?: boolean;
}

type Answer = "origin" | "true" | "deny" | "unknown";

/**
 * What an origin callback does: `o => o` and `(o, cb) => cb(null, o)` reflect, `cb(null, true)` and
 * `() => true` allow all, an allowing branch under `origin.endsWith(..)` is a partial check, under
 * `list.includes(origin)` a list check, under `/re/.test(origin)` a regex check. The first parameter
 * is the origin (Express, Fastify, Hono); header reads (`ctx.get('Origin')`) count too (Koa, Elysia).
 */
export function functionBehaviour(fn: FnLike, r: JsResolver): FunctionBehaviour {
  if (!fn.body) return { kind: "unknown" };
  const [p0, p1] = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name : undefined));
  const o = originReader(r, p0);
  const exits = collectExits(fn, p1?.text);
  if (!exits) return { kind: "unknown" };
  const allowing: { answer: Answer; conds: Condition[] }[] = [];
  for (const x of exits.flatMap((x) => expand(x, o, r))) {
    const a = x.error ? "deny" : answerOf(x.value, o);
    if (a === "unknown") return { kind: "unknown" };
    if (a !== "deny") allowing.push({ answer: a, conds: x.conds });
  }
  if (allowing.length === 0) return { kind: exits.length ? "always-false" : "unknown" };
  let check: OriginCheck | undefined;
  let unconditional: Answer | undefined;
  for (const a of allowing) {
    const c = checkOf(a.conds, o, r);
    if (c === "development") continue;
    if (c === "unknown") return { kind: "unknown" };
    if (c === "none") unconditional = unconditional === "origin" ? "origin" : a.answer;
    else check = check ? weakest(check, c) : c;
  }
  if (unconditional) return { kind: unconditional === "origin" ? "identity" : "always-true" };
  return check ?? { kind: "unknown" };
}

/** Returns and callback calls, or undefined when the callback escapes (passed on, stored). */
function collectExits(fn: FnLike, cbName: string | undefined): Exit[] | undefined {
  const body = fn.body!;
  if (!ts.isBlock(body)) {
    const e = skipOuter(body);
    if (!(cbName && ts.isCallExpression(e) && isName(e.expression, cbName)))
      return [{ value: body, conds: [] }];
  }
  const exits: Exit[] = [];
  let escaped = false;
  const visit = (n: ts.Node): void => {
    if (n !== body && ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n)) {
      const e = n.expression && skipOuter(n.expression);
      if (!(e && cbName && ts.isCallExpression(e) && isName(e.expression, cbName))) {
        exits.push({ value: n.expression, conds: conditionsOf(n, fn, true) });
      }
    } else if (ts.isCallExpression(n) && cbName && isName(n.expression, cbName)) {
      const err = n.arguments[0];
      const error = !!err && !/^(null|undefined|void 0)$/.test(skipOuter(err).getText());
      exits.push({ value: n.arguments[1], conds: conditionsOf(n, fn, true), error });
      n.arguments.forEach(visit);
      return;
    } else if (ts.isIdentifier(n) && cbName && n.text === cbName && !ts.isParameter(n.parent)) {
      escaped = true;
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  return escaped ? undefined : exits;
}

function isName(e: ts.Expression, name: string): boolean {
  e = skipOuter(e);
  return ts.isIdentifier(e) && e.text === name;
}

/**
 * Splits an exit whose value is a ternary, or is itself a check (`cb(null, list.includes(o))`,
 * `o => o.endsWith('.x.com')`), into allowing/denying exits under that condition.
 */
function expand(x: Exit, o: OriginReader, r: JsResolver, depth = 0): Exit[] {
  if (!x.value || x.error || depth > 4) return [x];
  let v = skipOuter(x.value);
  if (ts.isIdentifier(v) && !o.isOrigin(v)) {
    const init = r.initializerOf(v);
    if (init) v = skipOuter(init);
  }
  if (ts.isConditionalExpression(v)) {
    return [
      ...expand(
        { value: v.whenTrue, conds: [...x.conds, { expr: v.condition, whenTrue: true }] },
        o,
        r,
        depth + 1,
      ),
      ...expand(
        { value: v.whenFalse, conds: [...x.conds, { expr: v.condition, whenTrue: false }] },
        o,
        r,
        depth + 1,
      ),
    ];
  }
  // `origin?.includes(x) ?? false`, `check(origin) || null`: the left side decides.
  if (ts.isBinaryExpression(v) && isFalsyLiteral(v.right)) {
    const op = v.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      return expand({ ...x, value: v.left }, o, r, depth + 1);
    }
  }
  if (looksBoolean(v)) {
    const t = ts.factory.createTrue();
    return [{ value: t, conds: [...x.conds, { expr: v, whenTrue: true }] }];
  }
  return [{ ...x, value: v }];
}

/** A call or comparison whose result is a yes/no about the origin. */
function looksBoolean(e: ts.Expression): boolean {
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    return (
      k === ts.SyntaxKind.AmpersandAmpersandToken ||
      (k >= ts.SyntaxKind.FirstBinaryOperator &&
        k <= ts.SyntaxKind.LastBinaryOperator &&
        isRelational(k))
    );
  }
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(skipOuter(e.expression))) {
    const m = (skipOuter(e.expression) as ts.PropertyAccessExpression).name.text;
    return ["includes", "endsWith", "startsWith", "has", "test", "some"].includes(m);
  }
  return false;
}

function isRelational(k: ts.SyntaxKind): boolean {
  const S = ts.SyntaxKind;
  return [
    S.EqualsEqualsEqualsToken,
    S.EqualsEqualsToken,
    S.ExclamationEqualsEqualsToken,
    S.ExclamationEqualsToken,
    S.GreaterThanToken,
    S.GreaterThanEqualsToken,
    S.LessThanToken,
    S.LessThanEqualsToken,
  ].includes(k);
}

function isFalsyLiteral(e: ts.Expression): boolean {
  return /^(false|null|undefined|''|""|void 0)$/.test(skipOuter(e).getText());
}

function answerOf(v: ts.Expression | undefined, o: OriginReader): Answer {
  if (!v) return "deny";
  v = skipOuter(v);
  if (v.kind === ts.SyntaxKind.TrueKeyword) return "true";
  if (v.kind === ts.SyntaxKind.FalseKeyword || v.kind === ts.SyntaxKind.NullKeyword) return "deny";
  if (ts.isIdentifier(v) && v.text === "undefined") return "deny";
  if (ts.isStringLiteralLike(v) && v.text === "") return "deny";
  if (ts.isVoidExpression(v) || ts.isNewExpression(v)) return "deny";
  if (o.isOrigin(v)) return "origin";
  return "unknown";
}

/** The check the conditions of an allowing exit amount to. */
function checkOf(
  conds: Condition[],
  o: OriginReader,
  r: JsResolver,
): OriginCheck | "none" | "unknown" | "development" {
  let check: OriginCheck | undefined;
  for (const c of conds) {
    const res = classifyCondition(c, o, r);
    if (res.kind === "unknown") return "unknown";
    if (res.kind === "other") {
      const k = conditionKind(res.expr.getText());
      const kind = res.whenTrue
        ? k
        : k === "development"
          ? "production"
          : k === "production"
            ? "development"
            : k;
      // An allow-all in a development branch is the development policy, not the production one.
      if (kind === "development") return "development";
      if (kind !== "production") return "unknown";
    } else if (res.kind === "check") {
      // Nested conditions all hold: the strongest one decides.
      check = !check || weakest(check, res.check) === check ? res.check : check;
    }
  }
  return check ?? "none";
}
