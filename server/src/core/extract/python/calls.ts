import type { Span } from "../../model";
import type { PyNode } from "../../parse/python";
import type { DictEntry, Value } from "../../values";
import type { PyResolver } from "./resolver";
import { spanOf, unknown } from "./syntax";
import { mapStrings } from "../../values";
import { tagFile } from "../../spans";
import { definitionOf } from "./objects";

/** What a call evaluates to: env lookups, `dict()`, `re.compile()`, list constructors, string methods. */
export function resolveCall(r: PyResolver, n: PyNode, depth: number): Value {
  const fn = n.childForFieldName("function");
  const span = spanOf(n);
  if (!fn) return unknown(n);
  const q = r.qualified(fn);
  const { positional, keywords } = r.callArgs(n);
  const arg = (i: number, kw?: string): Value | undefined => {
    const p = positional[i];
    if (p) return r.resolve(p, depth + 1);
    return kw ? keywords.find((k) => k.key === kw)?.value : undefined;
  };
  if (q === "os.getenv" || q === "os.environ.get" || q === "getenv" || q === "environ.get") {
    const name = arg(0, "key");
    const fallback = arg(1, "default");
    if (name?.kind !== "string") return unknown(n);
    return { kind: "env", variable: name.value, fallback, span };
  }
  const fromSettings = settingsEnv(r, fn, q, arg, keywords, span);
  if (fromSettings) return fromSettings;
  if (q === "dict") return { kind: "dict", entries: keywords, span };
  if (q === "re.compile") {
    const p = arg(0, "pattern");
    const flags = arg(1, "flags");
    if (p?.kind !== "string") return unknown(n);
    const ci = flags && /IGNORECASE|\bI\b/.test(r.text.slice(flags.span.start, flags.span.end));
    return { kind: "regex", pattern: p.value, flags: ci ? "i" : "", span };
  }
  if (q === "list" || q === "tuple" || q === "set" || q === "frozenset") {
    const a = arg(0);
    if (!a) return { kind: "list", items: [], span };
    return a.kind === "list" || a.kind === "env" ? a : unknown(n);
  }
  if (fn.type === "attribute") {
    const method = fn.childForFieldName("attribute")?.text;
    const obj = fn.childForFieldName("object");
    if (obj && (method === "split" || method === "strip" || method === "lower")) {
      const base = r.resolve(obj, depth + 1);
      const sep = arg(0, "sep");
      return mapStrings(base, span, (s) => {
        if (method === "strip") return s.trim();
        if (method === "lower") return s.toLowerCase();
        return sep?.kind === "string" ? s.split(sep.value) : s.trim().split(/\s+/);
      });
    }
  }
  return unknown(n);
}

/**
 * python-decouple `config("X", default=..., cast=Csv())` and django-environ `env.list("X", default=[...])`,
 * `env.bool(...)`, `env("X", default=...)` where `env = environ.Env()`.
 */
function settingsEnv(
  r: PyResolver,
  fn: PyNode,
  q: string | undefined,
  arg: (i: number, kw?: string) => Value | undefined,
  keywords: DictEntry[],
  span: Span,
): Value | undefined {
  const receiver = fn.type === "attribute" ? fn.childForFieldName("object") : fn;
  const def = definitionOf(r, receiver);
  const envCall = def?.node;
  const isEnviron =
    !!envCall &&
    envCall.type === "call" &&
    /^environ\.(Env|FileAwareEnv)$/.test(
      def.r.qualified(envCall.childForFieldName("function")) ?? "",
    );
  const isDecouple = q === "decouple.config" || q === "decouple.AutoConfig";
  if (!isEnviron && !isDecouple) return undefined;
  const name = arg(0, "var");
  if (name?.kind !== "string") return undefined;
  let fallback =
    keywords.find((k) => k.key === "default")?.value ??
    (isDecouple ? arg(1) : isEnviron ? schemeDefault(def.r, envCall, name.value) : undefined);
  const method = fn.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
  const cast = keywords.find((k) => k.key === "cast");
  const castText = cast ? r.text.slice(cast.value.span.start, cast.value.span.end) : "";
  if (fallback && (method === "list" || method === "tuple" || /Csv\(/.test(castText))) {
    fallback = mapStrings(fallback, fallback.span, (s) => s.split(",").map((x) => x.trim()), true);
  } else if (fallback?.kind === "string" && (method === "bool" || castText === "bool")) {
    fallback = {
      kind: "bool",
      value: /^(true|on|ok|y|yes|1)$/i.test(fallback.value),
      span: fallback.span,
    };
  }
  return { kind: "env", variable: name.value, fallback, span };
}

/** `environ.Env(NAME=(bool, True))`: the default the scheme gives a variable (a value in `env`'s module). */
function schemeDefault(r: PyResolver, envCall: PyNode, name: string): Value | undefined {
  const scheme = r.callArgs(envCall).keywords.find((k) => k.key === name)?.value;
  const v = scheme?.kind === "list" && scheme.items.length === 2 ? scheme.items[1] : undefined;
  return v && r.file ? tagFile(v, r.file) : v;
}

/** `[o.strip() for o in X.split(",")]` and `[o for o in X if o]`: the iterated strings. */
export function resolveComprehension(r: PyResolver, n: PyNode, depth: number): Value {
  // `[o.strip() for o in X.split(",")]` and `[o for o in X if o]`: keep the iterated strings.
  const body = n.childForFieldName("body");
  const clause = n.namedChildren.find((c) => c?.type === "for_in_clause");
  const left = clause?.childForFieldName("left");
  const right = clause?.childForFieldName("right");
  if (!body || !left || !right || left.type !== "identifier") return unknown(n);
  const v = left.text;
  const simple =
    body.text === v || new RegExp(`^${v}\\.(strip|lower|rstrip\\("/"\\))\\(\\)$`).test(body.text);
  if (!simple) return unknown(n);
  const src = r.resolve(right, depth + 1);
  const lower = body.text.endsWith(".lower()");
  return mapStrings(src, spanOf(n), (s) => (lower ? s.trim().toLowerCase() : s.trim()), true);
}
