import type { OptionRef, OriginEntry, Policy, Setting } from "../../model";
import type { PyNode } from "../../parse/python";
import { alternatives, type DictEntry, type Value } from "../../values";
import { base, boolSetting, dynamic, listSetting, numberSetting, type AltMeta } from "../origins";
import { spanOf } from "./syntax";

/** Options as written (`key=value` or `"key": value`), for unknown-cors-option and hover. */
export function optionRefs(entries: readonly DictEntry[]): OptionRef[] {
  return entries.map((k) => ({ name: k.key, span: k.keySpan, valueSpan: k.value.span }));
}

/** The offset of a call's closing parenthesis, where a fix adds an option. */
export function argsEnd(call: PyNode): number | undefined {
  const args = call.childForFieldName("arguments");
  return args && args.type === "argument_list" ? args.endIndex - 1 : undefined;
}

/** The keyword argument with this name, if given. */
export function keyword(entries: readonly DictEntry[], name: string): DictEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === name) return entries[i];
  return undefined;
}

/** Whether a call's callee is an attribute access named `method` (`cors.init_app`, `cors.add`). */
export function methodName(call: PyNode): string | undefined {
  const fn = call.childForFieldName("function");
  return fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
}

/** The receiver of a method call (`cors` in `cors.add(...)`). */
export function receiver(call: PyNode): PyNode | undefined {
  const fn = call.childForFieldName("function");
  return (fn?.type === "attribute" && fn.childForFieldName("object")) || undefined;
}

/** Exact-or-star origins: `"*"` allows every origin, other strings match as `match` says, None adds nothing. */
export function exactOrStar(match: "exact" | "exact-ci" | "scheme-host" | "sent") {
  return (v: Value, m: AltMeta): OriginEntry[] => {
    if (v.kind === "string") {
      if (v.value === "*") return [{ kind: "any", source: "star", ...base(v.span, m) }];
      return [{ kind: "exact", value: v.value, match, ...base(v.span, m) }];
    }
    if (v.kind === "null") return [];
    return [dynamic(v, m)];
  };
}

/** A boolean that is false in every known alternative, with where it was written. */
export function falseSetting(v: Value | undefined): Setting<boolean> | undefined {
  if (!v) return undefined;
  const alts = alternatives(v);
  if (!alts.length || !alts.every((a) => a.value.kind === "bool" && !a.value.value))
    return undefined;
  return { value: false, span: v.span };
}

export { spanOf };

/**
 * `allow_origin_regex` of Starlette and Litestar: each alternative a pattern run with `re.fullmatch`
 * (a string or a compiled `re.compile`); None adds nothing; anything else is dynamic.
 */
export function fullmatchRegexEntries(value: Value | undefined): OriginEntry[] {
  const out: OriginEntry[] = [];
  for (const a of value ? alternatives(value) : []) {
    const m = { guards: a.guards.length ? a.guards : undefined, envVar: a.envVar, inList: false };
    if (a.value.kind === "string" || a.value.kind === "regex") {
      const pattern = a.value.kind === "string" ? a.value.value : a.value.pattern;
      const flags = a.value.kind === "regex" ? a.value.flags : "";
      out.push({ kind: "regex", pattern, flags, engine: "fullmatch", ...base(a.value.span, m) });
    } else if (a.value.kind !== "null") out.push(dynamic(a.value, m));
  }
  return out;
}

/**
 * The settings Starlette, Litestar and aiohttp-cors all name `allow_credentials`, `allow_methods`,
 * `allow_headers`, `expose_headers`, `max_age`; `get` reads one option's value.
 */
export function allowStyleSettings(
  get: (name: string) => Value | undefined,
): Pick<Policy, "credentials" | "methods" | "allowHeaders" | "exposeHeaders" | "maxAge"> {
  return {
    credentials: boolSetting(get("allow_credentials")),
    methods: listSetting(get("allow_methods")),
    allowHeaders: listSetting(get("allow_headers")),
    exposeHeaders: listSetting(get("expose_headers")),
    maxAge: numberSetting(get("max_age")),
  };
}
