import type { Guard, OriginEntry, Policy, Setting, Span } from "../model";
import type { PyNode } from "../parse/python";
import type { Value } from "../values";
import {
  checkF,
  and,
  base,
  dynamic,
  listSetting,
  originsFrom,
  pathsOf,
  summaryEntries,
  TRUE,
  type AltMeta,
  type Formula,
} from "../extract/origins";
import { checkContext } from "../extract/python/behaviour";
import { condition, type PyCheckContext } from "../extract/python/conditions";
import type { PyExtractor, PyFile } from "../extract/python";
import { isOriginExpr } from "../extract/python/origin-checks";
import {
  enclosingFunction,
  enclosingGuards,
  guardOf,
  negate,
  spanOf,
} from "../extract/python/syntax";
import { fixedHeaders } from "./decide";
import type { FrameworkDescriptor } from "./types";

import {
  isChecked,
  REQUEST_DATA_LABEL,
  requestDataOf,
  type RequestData,
} from "../extract/python/request-data";

const ACAO = "access-control-allow-origin";
const ACAC = "access-control-allow-credentials";
const HEADERS = new Set([
  ACAO,
  ACAC,
  "vary",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
]);
const SETTERS = new Set([
  "add",
  "set",
  "setdefault",
  "add_header",
  "set_header",
  "append",
  "append_header",
  "send_header",
  "__setitem__",
]);

/** One header written by hand: `resp.headers[name] = value`, `resp.headers.add(name, value)`, `{name: value}`. */
interface HeaderSet {
  name: string;
  value: PyNode;
  /** The statement or expression that writes it (for guards and scope). */
  at: PyNode;
  anchor: PyNode;
}

/**
 * Hand-written CORS headers in any Python web code: one policy per function (or per module-level block)
 * that writes `Access-Control-Allow-Origin`, with what it echoes and the checks guarding the echo.
 */
const extractor: PyExtractor = {
  name: "python-headers",
  gate: (text) => /access-control-allow/i.test(text),
  applies: (f) => /access-control-allow/i.test(f.text),
  extract(f) {
    const byScope = new Map<number, { scope: PyNode; sets: HeaderSet[]; vary: PyNode[] }>();
    const add = (at: PyNode, s?: HeaderSet, vary?: PyNode): void => {
      const scope = enclosingFunction(at) ?? f.root;
      const group = byScope.get(scope.id) ?? { scope, sets: [], vary: [] };
      if (s) group.sets.push(s);
      if (vary) group.vary.push(vary);
      byScope.set(scope.id, group);
    };
    for (const s of headerSets(f)) add(s.at, s);
    // A callee's qualified name ends with its own last name, or with what an import binds that name to.
    const varyCall = /(^|\.)(patch_vary_headers|vary\.add)$/;
    const names = ["patch_vary_headers", "add", ...f.resolver.importedAs((q) => varyCall.test(q))];
    for (const call of f.callsNamed(names)) {
      const q = f.resolver.qualified(call.childForFieldName("function")) ?? "";
      if (/(^|\.)patch_vary_headers$/.test(q) && /\borigin\b/i.test(call.text))
        add(call, undefined, call);
      else if (/\.vary\.add$/.test(q) && /\borigin\b/i.test(call.text)) add(call, undefined, call);
    }
    const out: Policy[] = [];
    for (const g of byScope.values()) {
      const p = policy(f, g.scope, g.sets, g.vary);
      if (p) out.push(p);
    }
    return out;
  },
};

function headerName(f: PyFile, n: PyNode | null | undefined): string | undefined {
  if (!n) return undefined;
  const v = f.resolver.resolve(n);
  const name = v.kind === "string" ? v.value.toLowerCase() : undefined;
  return name && HEADERS.has(name) ? name : undefined;
}

function headerSets(f: PyFile): HeaderSet[] {
  const out: HeaderSet[] = [];
  for (const a of f.root.descendantsOfType(["assignment", "pair", "tuple"])) {
    if (!a) continue;
    if (a.type === "assignment") {
      const left = a.childForFieldName("left");
      const right = a.childForFieldName("right");
      const name =
        left?.type === "subscript" ? headerName(f, left.childForFieldName("subscript")) : undefined;
      if (left && right && name) out.push({ name, value: right, at: a, anchor: left });
    } else if (a.type === "pair") {
      const key = a.childForFieldName("key");
      const value = a.childForFieldName("value");
      const name = headerName(f, key);
      if (key && value && name) out.push({ name, value, at: a, anchor: key });
    } else if (a.namedChildren.length === 2 && a.parent?.type !== "argument_list") {
      const [key, value] = a.namedChildren;
      const name = headerName(f, key);
      if (key && value && name) out.push({ name, value, at: a, anchor: key });
    }
  }
  for (const call of f.callsNamed([...SETTERS])) {
    const fn = call.childForFieldName("function");
    const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
    const args = call
      .childForFieldName("arguments")
      ?.namedChildren.filter((x): x is PyNode => !!x && x.type !== "comment");
    if (!method || !SETTERS.has(method) || !args || args.length < 2) continue;
    const name = headerName(f, args[0]);
    if (name) out.push({ name, value: args[1], at: call, anchor: call });
  }
  return out.sort((a, b) => a.at.startIndex - b.at.startIndex);
}

function policy(
  f: PyFile,
  scope: PyNode,
  sets: HeaderSet[],
  varyCalls: PyNode[],
): Policy | undefined {
  const acao = sets.filter((s) => s.name === ACAO);
  if (!acao.length) return undefined;
  const isModule = scope.type === "module";
  const outer = isModule ? [] : enclosingGuards(scope);
  const anchor = spanOf(acao[0].anchor);
  const origins = acao.flatMap((s) => entriesFor(f, s, scope, outer.length));
  const last = (name: string): HeaderSet | undefined =>
    [...sets].reverse().find((s) => s.name === name);
  const resolved = (name: string): Value | undefined => {
    const s = last(name);
    return s ? f.resolver.resolve(s.value) : undefined;
  };
  const whole = isModule
    ? { start: sets[0].at.startIndex, end: Math.max(...sets.map((s) => s.at.endIndex)) }
    : spanOf(scope.parent?.type === "decorated_definition" ? scope.parent : scope);
  return {
    framework: "python-headers",
    language: "python",
    span: whole,
    anchor,
    origins,
    credentials: credentials(f, last(ACAC), outer.length),
    methods: listSetting(resolved("access-control-allow-methods")),
    allowHeaders: listSetting(resolved("access-control-allow-headers")),
    exposeHeaders: listSetting(resolved("access-control-expose-headers")),
    maxAge: maxAge(resolved("access-control-max-age")),
    vary: vary(f, sets, varyCalls, anchor),
    options: [],
    guards: outer,
  };
}

function innerGuards(n: PyNode, outer: number): Guard[] | undefined {
  const g = enclosingGuards(n).slice(outer);
  return g.length ? g : undefined;
}

function credentials(
  f: PyFile,
  s: HeaderSet | undefined,
  outer: number,
): Setting<boolean> | undefined {
  if (!s) return undefined;
  const one = s.value.type === "list" && s.value.namedChildren.length === 1;
  const v = f.resolver.resolve((one && s.value.namedChildren[0]) || s.value);
  const guards = innerGuards(s.at, outer);
  // Browsers accept exactly `true`; Python's `True` is sent as "True" and does not count.
  const on = v.kind === "string" && v.value.trim() === "true";
  return { value: on, span: spanOf(s.value), ...(guards ? { guards } : {}) };
}

function maxAge(v: Value | undefined): Setting<number> | undefined {
  if (v?.kind === "number") return { value: v.value, span: v.span };
  if (v?.kind === "string" && /^\d+$/.test(v.value.trim()))
    return { value: Number(v.value), span: v.span };
  return undefined;
}

function vary(f: PyFile, sets: HeaderSet[], calls: PyNode[], anchor: Span): Setting<boolean> {
  const set = sets.find((s) => {
    if (s.name !== "vary") return false;
    const v = f.resolver.resolve(s.value);
    return v.kind === "string" ? /\borigin\b/i.test(v.value) : /\borigin\b/i.test(s.value.text);
  });
  if (set) return { value: true, span: spanOf(set.value) };
  if (calls.length) return { value: true, span: spanOf(calls[0]) };
  return { value: false, span: anchor };
}

/** The origin entries one `Access-Control-Allow-Origin` write produces. */
function entriesFor(f: PyFile, s: HeaderSet, scope: PyNode, outer: number): OriginEntry[] {
  const m: AltMeta = { guards: innerGuards(s.at, outer), inList: false };
  return valueEntries(f, s.value, conditions(f, s.at, scope), m, { at: s.at, scope });
}

/** Where a write sits, to look for checks on the request data it echoes. */
interface WriteAt {
  at: PyNode;
  scope: PyNode;
}

function valueEntries(
  f: PyFile,
  n: PyNode,
  checks: Formula,
  m: AltMeta,
  w: WriteAt,
): OriginEntry[] {
  const r = f.resolver;
  const ctx = checkContext(r);
  if (n.type === "parenthesized_expression" && n.namedChildren[0])
    return valueEntries(f, n.namedChildren[0], checks, m, w);
  // `multiValueHeaders={"Access-Control-Allow-Origin": ["*"]}` (a Lambda proxy response): one line.
  if (n.type === "list" && n.namedChildren.length === 1 && n.namedChildren[0])
    return valueEntries(f, n.namedChildren[0], checks, m, w);
  if (n.type === "conditional_expression") {
    const [a, cond, b] = n.namedChildren;
    if (a && cond && b) {
      const g = guardOf(cond);
      const under = (guard: Guard): AltMeta => ({ ...m, guards: [...(m.guards ?? []), guard] });
      return [
        ...valueEntries(f, a, and(checks, condition(ctx, cond, true)), under(g), w),
        ...valueEntries(f, b, and(checks, condition(ctx, cond, false)), under(negate(g)), w),
      ];
    }
  }
  if (isOriginExpr(r, n)) {
    const entries = summaryEntries(pathsOf({ kind: "origin" }, checks), spanOf(n), m, {
      listMatch: "exact",
      reflectReason: "echo-header",
      unknownDescription: "origin check",
    });
    // `request.headers.get("Origin") or "*"`: the fallback is sent when the header is missing.
    const right = n.type === "boolean_operator" ? n.childForFieldName("right") : null;
    return right ? [...entries, ...valueEntries(f, right, TRUE, m, w)] : entries;
  }
  const data = requestDataOf(r, n);
  // `request.args.get("origin", "*")`: the fallback matters little next to the echo, which is reported.
  if (data) return [requestDataEntry(data, isChecked(data, w.at, w.scope), spanOf(n), m)];
  return originsFrom(r.resolve(n), (v, mm) => {
    const meta = { ...mm, guards: [...(m.guards ?? []), ...(mm.guards ?? [])] };
    if (!meta.guards.length) delete (meta as { guards?: Guard[] }).guards;
    if (v.kind === "string") {
      if (v.value.trim() === "*") return [{ kind: "any", source: "star", ...base(v.span, meta) }];
      return [{ kind: "exact", value: v.value, match: "sent", ...base(v.span, meta) }];
    }
    return v.kind === "null" ? [] : [dynamic(v, meta)];
  });
}

/**
 * The checks on the origin that hold where `n` runs: the `if` branches around it inside `scope`, and
 * earlier `if <test>: return` statements in the blocks it sits in.
 */
function conditions(f: PyFile, n: PyNode, scope: PyNode): Formula {
  const ctx = checkContext(f.resolver);
  let out: Formula = TRUE;
  const push = (x: Formula): void => {
    out = and(out, x);
  };
  for (let c: PyNode = n, p = n.parent; p && c.id !== scope.id; c = p, p = p.parent) {
    if (c.type !== "block" && c.type !== "module") continue;
    // Early exits before this point in the same block.
    for (const s of p.type === "module" ? [] : c.namedChildren) {
      if (!s || s.startIndex >= n.startIndex) break;
      if (
        s.type === "if_statement" &&
        !s.childrenForFieldName("alternative").some(Boolean) &&
        exits(s)
      ) {
        push(requestChecks(f, ctx, s.childForFieldName("condition"), false));
      }
    }
    const stmt =
      p.type === "if_statement" ? p : p.parent?.type === "if_statement" ? p.parent : undefined;
    if (!stmt) continue;
    const cond = stmt.childForFieldName("condition");
    if (stmt.childForFieldName("consequence")?.id === c.id) {
      push(requestChecks(f, ctx, cond, true));
      continue;
    }
    push(requestChecks(f, ctx, cond, false));
    for (const alt of stmt.childrenForFieldName("alternative")) {
      if (!alt || alt.id === p.id) break;
      push(requestChecks(f, ctx, alt.childForFieldName("condition"), false));
    }
    if (p.type === "elif_clause")
      push(requestChecks(f, ctx, p.childForFieldName("condition"), true));
  }
  return out;
}

const CHECK_NAME = /origin|cors|allow|whitelist|trusted|domain|referr?er|same_?site/i;
const REQUEST_ARG = /^(self\.)?(request|req|event|environ|headers)(\.headers|\.META)?$/;

/**
 * The origin checks in a condition, plus a named origin check handed the whole request
 * (`if not is_origin_allowed(request): return`) or a handler's own method (`self.origin_allowed()`),
 * which cors-lint cannot read: opaque.
 */
function requestChecks(
  f: PyFile,
  ctx: PyCheckContext,
  cond: PyNode | null,
  positive: boolean,
): Formula {
  const found = condition(ctx, cond, positive);
  const hasChecks =
    found.kind === "unknown" ||
    found.terms.some((t) => t.checks.length > 0 || ("negated" in t && !!t.negated));
  if (hasChecks || !cond) return found;
  const call = cond.descendantsOfType("call").find((c) => {
    const name = c?.childForFieldName("function")?.text ?? "";
    const args = c?.childForFieldName("arguments")?.namedChildren ?? [];
    // `self.origin_allowed()`: a handler method reads the request's headers itself.
    const method = /^self\.\w+$/.test(name);
    return CHECK_NAME.test(name) && (method || args.some((a) => !!a && REQUEST_ARG.test(a.text)));
  });
  return call ? checkF({ kind: "opaque", text: call.text, span: spanOf(call) }) : found;
}

/** Whether an `if` body always leaves the block (`return`, `raise`, `continue`, `break`). */
function exits(stmt: PyNode): boolean {
  const body = stmt.childForFieldName("consequence");
  const lastStmt = body?.namedChildren.filter((x) => x && x.type !== "comment").pop();
  return (
    !!lastStmt &&
    ["return_statement", "raise_statement", "continue_statement", "break_statement"].includes(
      lastStmt.type,
    )
  );
}

/** Hand-written `Access-Control-Allow-*` headers in Python. */
export const pythonHeadersFramework: FrameworkDescriptor = {
  id: "python-headers",
  label: "hand-written CORS code",
  language: "python",
  extractor,
  decide: fixedHeaders,
  fixtures: "python-headers",
  noOracle: "hand-written headers are sent as written; there is no middleware to run",
};

/** Request data echoed as the origin: a reflection, unless a check on it guards the write. */
function requestDataEntry(d: RequestData, checked: boolean, span: Span, m: AltMeta): OriginEntry {
  const words = `${REQUEST_DATA_LABEL[d.kind]} ${d.text}`;
  return checked
    ? { kind: "dynamic", description: `${words} echoed after a check`, ...base(span, m) }
    : { kind: "reflect", reason: "request-data", requestData: words, ...base(span, m) };
}
