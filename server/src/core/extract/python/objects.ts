import type { PyNode } from "../../parse/python";
import { tagFile } from "../../spans";
import type { DictEntry, Value } from "../../values";
import type { PyResolver } from "./resolver";
import { spanOf } from "./syntax";

/**
 * What a name or attribute chain refers to when it is not a plain value: a module, a class, an instance
 * of a class (with the keyword arguments it was built with), a function. Read as data, never run.
 */
export type PyRef =
  | { kind: "value"; value: Value }
  | { kind: "module"; r: PyResolver }
  | { kind: "class"; r: PyResolver; node: PyNode }
  | { kind: "instance"; r: PyResolver; node: PyNode; kwargs: DictEntry[] }
  | { kind: "function"; r: PyResolver; node: PyNode };

const MAX_STEPS = 24;

/** A value read in resolver `from`, as seen by resolver `to` (spans name their file when it differs). */
export function carry(from: PyResolver, to: PyResolver, v: Value): Value {
  return from !== to && from.file ? tagFile(v, from.file) : v;
}

/** A reference found in `from`, handed to `to`: values name their file. */
function lift(from: PyResolver, to: PyResolver, ref: PyRef | undefined): PyRef | undefined {
  return ref?.kind === "value" ? { kind: "value", value: carry(from, to, ref.value) } : ref;
}

/** What an expression refers to, or undefined when it is an ordinary value (or unreadable). */
export function refOf(r: PyResolver, n: PyNode | null | undefined, steps = 0): PyRef | undefined {
  if (!n || steps > MAX_STEPS) return undefined;
  switch (n.type) {
    case "identifier":
      return nameRef(r, n.text, n, steps + 1);
    case "attribute": {
      const attr = n.childForFieldName("attribute")?.text;
      const obj = n.childForFieldName("object");
      if (!attr || !obj) return undefined;
      const base = refOf(r, obj, steps + 1);
      return base ? memberRef(r, base, attr, steps + 1) : undefined;
    }
    case "call": {
      const callee = refOf(r, n.childForFieldName("function"), steps + 1);
      if (callee?.kind === "class") {
        const keywords = r.callArgs(n).keywords;
        // Written here, not in the class's module: the spans name this file.
        const kwargs = r.file ? tagFile(keywords, r.file) : keywords;
        return { kind: "instance", r: callee.r, node: callee.node, kwargs };
      }
      if (callee?.kind === "function") return returnRef(callee.r, callee.node, steps + 1);
      return undefined;
    }
    case "parenthesized_expression":
      return refOf(r, n.namedChildren[0], steps + 1);
    default:
      return undefined;
  }
}

/** A name as seen from a point in a module: local or module bindings, definitions, imports, `*` imports. */
function nameRef(
  r: PyResolver,
  name: string,
  at: PyNode | undefined,
  steps: number,
): PyRef | undefined {
  if (at && r.localBindings(name, at)) {
    const def = r.definition(at);
    return def ? refOf(r, def, steps) : undefined;
  }
  const bound = r.bindings(name);
  if (bound.length) {
    for (let i = bound.length - 1; i >= 0; i--)
      if (bound[i].op === "=" && !bound[i].guards.length) return refOf(r, bound[i].node, steps);
    return undefined;
  }
  const def = r.defs.get(name);
  if (def?.type === "class_definition") return { kind: "class", r, node: def };
  if (def?.type === "function_definition") return { kind: "function", r, node: def };
  return importedName(r, name, steps);
}

/** A name a module takes from another: `from x import NAME` (aliases included), then `from x import *`. */
export function importedName(r: PyResolver, name: string, steps = 0): PyRef | undefined {
  const q = r.imports.get(name);
  if (q !== undefined) return importRef(r, q, steps);
  for (let i = r.stars.length - 1; i >= 0; i--) {
    const hit = r.link?.module(r.stars[i], (m) =>
      m.exports(name)
        ? lift(m, r, memberRef(m, { kind: "module", r: m }, name, steps + 1))
        : undefined,
    );
    if (hit) return hit;
  }
  return undefined;
}

/** `pkg.mod.NAME` from an import: the longest prefix that is a module, then members. */
export function importRef(r: PyResolver, qualified: string, steps: number): PyRef | undefined {
  if (!r.link) return undefined;
  const dots = /^\.*/.exec(qualified)![0];
  const parts = qualified.slice(dots.length).split(".").filter(Boolean);
  for (let i = parts.length; i >= (dots ? 0 : 1); i--) {
    const mod = dots + parts.slice(0, i).join(".");
    if (!mod) continue;
    const rest = parts.slice(i);
    const found = r.link.module(mod, (m): PyRef | undefined => {
      let ref: PyRef | undefined = { kind: "module", r: m };
      for (const a of rest) ref = ref ? memberRef(m, ref, a, steps + 1) : undefined;
      return lift(m, r, ref);
    });
    if (found) return found;
  }
  return undefined;
}

/** `obj.attr` for a module, class, instance or dict value. */
export function memberRef(
  r: PyResolver,
  base: PyRef,
  attr: string,
  steps: number,
): PyRef | undefined {
  switch (base.kind) {
    case "module": {
      const m = base.r;
      const inner = nameRef(m, attr, undefined, steps + 1);
      if (inner)
        return inner.kind === "value" ? { kind: "value", value: carry(m, r, inner.value) } : inner;
      const v = m.constant(attr);
      if (v) return { kind: "value", value: carry(m, r, v) };
      // A submodule of a package: `import app.config` then `app.config.X`.
      if (m.file?.endsWith("/__init__.py"))
        return m.link?.module(`.${attr}`, (sub): PyRef => ({ kind: "module", r: sub }));
      return undefined;
    }
    case "class":
    case "instance": {
      // A nested settings object: `server: ServerSettings = ServerSettings()`, then `.allowed_origins`.
      const nested = nestedInstance(base.r, base.node, attr, steps);
      if (nested) return nested;
      const v = classAttribute(
        base.r,
        base.node,
        attr,
        base.kind === "instance" ? base.kwargs : [],
        steps,
      );
      return v ? { kind: "value", value: carry(base.r, r, v) } : undefined;
    }
    case "value": {
      const e =
        base.value.kind === "dict" ? base.value.entries.find((x) => x.key === attr) : undefined;
      return e ? { kind: "value", value: e.value } : undefined;
    }
    default:
      return undefined;
  }
}

/** What a function returns, when it has one unconditional `return` at its top level (`get_settings()`). */
function returnRef(r: PyResolver, fn: PyNode, steps: number): PyRef | undefined {
  const body = fn.childForFieldName("body");
  const ret = body?.namedChildren.filter((s) => s?.type === "return_statement").pop();
  const e = ret?.namedChildren[0];
  if (!e) return undefined;
  return refOf(r, e, steps) ?? { kind: "value", value: r.resolve(e) };
}

/** The class a node sits in (for `self.x` inside methods and properties). */
export function enclosingClass(n: PyNode): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === "class_definition") return p;
  return undefined;
}

/**
 * A class attribute's value: the instance's keyword argument, the class-body default (`x: T = v`,
 * `Field(default=v)`, `Field(default_factory=lambda: v)`), a `@property`/`@computed_field` return value,
 * then the base classes. Fields of pydantic `BaseSettings` read the environment first: their default is
 * what applies when the variable is unset.
 */
export function classAttribute(
  r: PyResolver,
  cls: PyNode,
  attr: string,
  kwargs: DictEntry[],
  steps = 0,
): Value | undefined {
  const given = kwargs.find((k) => k.key === attr);
  if (given) return given.value;
  if (steps > MAX_STEPS) return undefined;
  const body = cls.childForFieldName("body");
  for (const stmt of body?.namedChildren ?? []) {
    if (!stmt) continue;
    if (stmt.type === "expression_statement") {
      const a = stmt.namedChildren[0];
      if (a?.type !== "assignment" || a.childForFieldName("left")?.text !== attr) continue;
      const right = a.childForFieldName("right");
      if (!right) return undefined;
      const v = fieldDefault(r, right);
      if (!v) return undefined;
      const env = settingsEnv(r, cls, steps);
      return env === undefined
        ? v
        : { kind: "env", variable: env + attr.toUpperCase(), fallback: v, span: v.span };
    }
    // A property, a cached property or a method called without arguments (`settings.cors_origins()`).
    const fn = stmt.type === "decorated_definition" ? stmt.childForFieldName("definition") : stmt;
    if (fn?.type === "function_definition" && fn.childForFieldName("name")?.text === attr) {
      const ret = returnRef(r, fn, steps + 1);
      return ret?.kind === "value" ? ret.value : undefined;
    }
  }
  for (const b of bases(r, cls, steps)) {
    const v = classAttribute(b.r, b.node, attr, [], steps + 1);
    if (v) return carry(b.r, r, v);
  }
  return undefined;
}

/** A class field whose default is an instance of a (project) class: `ServerSettings()`, `Field(default_factory=X)`. */
function nestedInstance(
  r: PyResolver,
  cls: PyNode,
  attr: string,
  steps: number,
): PyRef | undefined {
  if (steps > MAX_STEPS) return undefined;
  for (const stmt of cls.childForFieldName("body")?.namedChildren ?? []) {
    const a = stmt?.type === "expression_statement" ? stmt.namedChildren[0] : undefined;
    if (a?.type !== "assignment" || a.childForFieldName("left")?.text !== attr) continue;
    let right = a.childForFieldName("right");
    if (
      right?.type === "call" &&
      /(^|\.)(Field|field)$/.test(r.qualified(right.childForFieldName("function")) ?? "")
    ) {
      const f = right
        .childForFieldName("arguments")
        ?.namedChildren.find(
          (x) =>
            x?.type === "keyword_argument" &&
            /^(default_factory|default)$/.test(x.childForFieldName("name")?.text ?? ""),
        );
      right = f?.childForFieldName("value") ?? null;
      const ref = refOf(r, right, steps + 1);
      if (ref?.kind === "class") return { kind: "instance", r: ref.r, node: ref.node, kwargs: [] };
    }
    const ref = refOf(r, right, steps + 1);
    return ref?.kind === "instance" ? ref : undefined;
  }
  for (const b of bases(r, cls, steps)) {
    const ref = nestedInstance(b.r, b.node, attr, steps + 1);
    if (ref) return ref;
  }
  return undefined;
}

/** The default a field declaration gives: the value, or what `Field(...)` / `field(...)` says. */
function fieldDefault(r: PyResolver, right: PyNode): Value | undefined {
  if (right.type === "call") {
    const q = r.qualified(right.childForFieldName("function")) ?? "";
    if (/(^|\.)(Field|field|attrib|attr\.ib)$/.test(q)) {
      const args = right.childForFieldName("arguments")?.namedChildren ?? [];
      for (const a of args) {
        if (!a) continue;
        if (a.type === "keyword_argument") {
          const k = a.childForFieldName("name")?.text;
          const v = a.childForFieldName("value");
          if (!v) continue;
          if (k === "default") return r.resolve(v);
          if (k === "default_factory" || k === "factory") return factoryValue(r, v);
        } else if (a.type !== "comment" && a.type !== "ellipsis") return r.resolve(a);
      }
      return undefined;
    }
  }
  return r.resolve(right);
}

/** `lambda: [...]`, `list`, or a function's return value. */
function factoryValue(r: PyResolver, v: PyNode): Value | undefined {
  if (v.type === "lambda") {
    const body = v.childForFieldName("body");
    return body ? r.resolve(body) : undefined;
  }
  if (/^(list|tuple|set)$/.test(v.text)) return { kind: "list", items: [], span: spanOf(v) };
  if (v.text === "dict") return { kind: "dict", entries: [], span: spanOf(v) };
  const ref = refOf(r, v);
  if (ref?.kind === "function") {
    const ret = returnRef(ref.r, ref.node, 1);
    return ret?.kind === "value" ? carry(ref.r, r, ret.value) : undefined;
  }
  return undefined;
}

function bases(r: PyResolver, cls: PyNode, steps: number): { r: PyResolver; node: PyNode }[] {
  const out: { r: PyResolver; node: PyNode }[] = [];
  for (const b of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (!b || b.type === "keyword_argument") continue;
    const ref = refOf(r, b, steps + 1);
    if (ref?.kind === "class") out.push({ r: ref.r, node: ref.node });
  }
  return out;
}

/**
 * The environment prefix when the class is a pydantic `BaseSettings` (directly or through project classes):
 * `model_config = SettingsConfigDict(env_prefix="APP_")` or `class Config: env_prefix = "APP_"`; else undefined.
 */
function settingsEnv(r: PyResolver, cls: PyNode, steps: number): string | undefined {
  if (steps > MAX_STEPS) return undefined;
  let isSettings = false;
  for (const b of cls.childForFieldName("superclasses")?.namedChildren ?? []) {
    if (b && /(^|\.)BaseSettings$/.test(r.qualified(b) ?? "")) isSettings = true;
  }
  let prefix: string | undefined;
  for (const b of bases(r, cls, steps)) {
    const p = settingsEnv(b.r, b.node, steps + 1);
    if (p !== undefined) {
      isSettings = true;
      prefix = p;
    }
  }
  if (!isSettings) return undefined;
  const body = cls.childForFieldName("body");
  const own = body?.text.match(/env_prefix\s*[=:]\s*["']([^"']*)["']/);
  return (own ? own[1] : (prefix ?? "")).toUpperCase();
}

/**
 * Where a name used at `n` was bound with `=`: in this module, or in the module it was imported from
 * (`from .base import *` then `env.bool(...)` with `env = environ.Env()` in base.py).
 */
export function definitionOf(
  r: PyResolver,
  n: PyNode | null | undefined,
): { r: PyResolver; node: PyNode } | undefined {
  if (!n || n.type !== "identifier") return undefined;
  const own = r.definition(n);
  if (own) return { r, node: own };
  if (r.localBindings(n.text, n) || r.bindings(n.text).length || !r.link) return undefined;
  const find = (
    m: PyResolver,
    name: string,
    depth: number,
  ): { r: PyResolver; node: PyNode } | undefined => {
    if (depth > 4) return undefined;
    const list = m.bindings(name);
    for (let i = list.length - 1; i >= 0; i--)
      if (list[i].op === "=") return { r: m, node: list[i].node };
    for (let i = m.stars.length - 1; i >= 0; i--) {
      const hit = m.link?.module(m.stars[i], (x) =>
        x.exports(name) ? find(x, name, depth + 1) : undefined,
      );
      if (hit) return hit;
    }
    const q = m.imports.get(name);
    if (q === undefined || !m.link) return undefined;
    const dots = /^\.*/.exec(q)![0];
    const parts = q.slice(dots.length).split(".");
    const last = parts.pop()!;
    const mod = dots + parts.join(".");
    return mod ? m.link.module(mod, (x) => find(x, last, depth + 1)) : undefined;
  };
  return find(r, n.text, 0);
}
