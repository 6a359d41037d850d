import type { OriginEntry, Policy, Span } from "../model";
import type { PyNode } from "../parse/python";
import type { DictEntry, Value } from "../values";
import { originsFrom } from "../extract/origins";
import {
  allowStyleSettings,
  argsEnd,
  exactOrStar,
  keyword,
  methodName,
  optionRefs,
  receiver,
} from "../extract/python/common";
import { mentionsModule, type PyExtractor, type PyFile } from "../extract/python";
import { enclosingGuards, spanOf } from "../extract/python/syntax";
import { firstAccepting } from "../evaluate-match";
import { anyEntry } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor } from "./types";

const SETUP = ["aiohttp_cors.setup"];
const CONFIG = ["aiohttp_cors.CorsConfig", "aiohttp_cors.cors_config.CorsConfig"];
const OPTIONS = ["aiohttp_cors.ResourceOptions", "aiohttp_cors.resource_options.ResourceOptions"];

/** One origin key of a config dict and the options node it maps to. */
interface OriginOptions {
  origin: Value;
  options: PyNode | undefined;
}

/**
 * aiohttp-cors: `aiohttp_cors.setup(app, defaults={origin: ResourceOptions(...)})` and
 * `cors.add(route, {origin: ResourceOptions(...)})`. One policy per distinct options object.
 */
const extractor: PyExtractor = {
  name: "aiohttp-cors",
  gate: (text) => mentionsModule(text, "aiohttp_cors"),
  applies: (f) => f.resolver.importsModule("aiohttp_cors"),
  extract(f) {
    const r = f.resolver;
    const out: Policy[] = [];
    for (const call of f.callsNamed(["add", ...r.calleeNames(...SETUP, ...CONFIG)])) {
      const fn = call.childForFieldName("function");
      if (!fn) continue;
      if (r.isName(fn, ...SETUP, ...CONFIG)) {
        const defaults = keywordNode(call, "defaults");
        if (defaults) out.push(...policies(f, call, fn, defaults));
      } else if (methodName(call) === "add") {
        const config = r.callArgs(call).positional[1] ?? keywordNode(call, "config");
        if (config && (isCorsObject(f, receiver(call)) || mentionsOptions(f, config))) {
          out.push(...policies(f, call, fn, config));
        }
      }
    }
    return out;
  },
};

function keywordNode(call: PyNode, name: string): PyNode | undefined {
  for (const a of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (a?.type === "keyword_argument" && a.childForFieldName("name")?.text === name) {
      return a.childForFieldName("value") ?? undefined;
    }
  }
  return undefined;
}

/** `cors` in `cors.add(...)` when it was bound to `aiohttp_cors.setup(...)`. */
function isCorsObject(f: PyFile, n: PyNode | undefined): boolean {
  const def = f.resolver.definition(n);
  return (
    def?.type === "call" &&
    f.resolver.isName(def.childForFieldName("function"), ...SETUP, ...CONFIG)
  );
}

function mentionsOptions(f: PyFile, n: PyNode): boolean {
  const dict = n.type === "identifier" ? f.resolver.definition(n) : n;
  return !!dict
    ?.descendantsOfType("call")
    .some((c) => f.resolver.isName(c?.childForFieldName("function"), ...OPTIONS));
}

function policies(f: PyFile, call: PyNode, callee: PyNode, config: PyNode): Policy[] {
  const pairs = originPairs(f, config);
  const groups = new Map<string, OriginOptions[]>();
  for (const p of pairs) {
    const key = p.options ? p.options.text.replace(/\s+/g, "") : "";
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((group) => {
    const optsNode = group[0].options;
    const opts = optionEntries(f, optsNode);
    const get = (k: string): Value | undefined => keyword(opts, k)?.value;
    const origins: OriginEntry[] = group.flatMap((g) =>
      originsFrom(g.origin, exactOrStar("exact")),
    );
    const anchorNode =
      groups.size > 1 && optsNode ? (optsNode.childForFieldName("function") ?? optsNode) : callee;
    const anchor: Span = spanOf(anchorNode);
    return {
      framework: "aiohttp-cors",
      language: "python",
      span: spanOf(call),
      anchor,
      origins,
      ...allowStyleSettings(get),
      // aiohttp-cors never adds `Vary: Origin`, whatever the configuration.
      vary: { value: false, span: anchor },
      options: optionRefs(opts),
      guards: enclosingGuards(call),
      insertAt: optsNode?.type === "call" ? argsEnd(optsNode) : undefined,
    } satisfies Policy;
  });
}

/** `ResourceOptions(...)` keywords, or the keys of a plain dict given instead. */
function optionEntries(f: PyFile, n: PyNode | undefined): DictEntry[] {
  if (!n) return [];
  if (n.type === "call") return f.resolver.callArgs(n).keywords;
  const v = f.resolver.resolve(n);
  return v.kind === "dict" ? v.entries : [];
}

/** The `{origin: options}` pairs of a config dict, a name bound to one, or a dict comprehension. */
function originPairs(f: PyFile, n: PyNode): OriginOptions[] {
  const r = f.resolver;
  const node = n.type === "identifier" ? (r.definition(n) ?? n) : n;
  const options = (v: PyNode | null): PyNode | undefined => {
    if (!v) return undefined;
    return v.type === "identifier" ? (r.definition(v) ?? v) : v;
  };
  if (node.type === "dictionary") {
    return node.namedChildren
      .filter((c): c is PyNode => c?.type === "pair" && !!c.childForFieldName("key"))
      .map((c) => ({
        origin: r.resolve(c.childForFieldName("key")!),
        options: options(c.childForFieldName("value")),
      }));
  }
  if (node.type === "dictionary_comprehension") {
    // `{o: ResourceOptions(...) for o in ORIGINS}`: the keys are the iterated values.
    const body = node.childForFieldName("body");
    const clause = node.namedChildren.find((c) => c?.type === "for_in_clause");
    const it = clause?.childForFieldName("right");
    const key = body?.childForFieldName("key");
    if (body && it && key?.text === clause?.childForFieldName("left")?.text) {
      return [{ origin: r.resolve(it), options: options(body.childForFieldName("value")) }];
    }
  }
  return [{ origin: r.resolve(node), options: undefined }];
}

/** aiohttp-cors: the exact key, else the `"*"` key; either way the origin is echoed, never with Vary. */
function decide(i: DecideInput): Decision {
  const via = firstAccepting(i.policy, i.origin, ["any"]) ?? anyEntry(i);
  if (!via) return { acao: null, acac: false, vary: false };
  return { acao: i.origin, acac: i.cred, vary: false, via };
}

/** aiohttp-cors `ResourceOptions` per origin. */
export const aiohttpCorsFramework: FrameworkDescriptor = {
  id: "aiohttp-cors",
  label: "aiohttp-cors",
  language: "python",
  extractor,
  decide,
  options: {
    source: "aiohttp-cors 0.7.0 ResourceOptions.__init__ (keyword-only)",
    names: ["allow_credentials", "expose_headers", "allow_headers", "max_age", "allow_methods"],
  },
  unknownOption: { effect: "crash", error: "TypeError (a ValueError for a dict of options)" },
  fixtures: "aiohttp-cors",
};
