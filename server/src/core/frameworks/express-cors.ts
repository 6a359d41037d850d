import type { Framework, Policy, Span } from "../model";
import { ts } from "../parse/typescript";
import { entry, type Value } from "../values";
import { spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor, JsFile } from "../extract/js";
import {
  closingParen,
  defaultAny,
  delegateOptions,
  EXPRESS_NAMES,
  expressOrigins,
  functionNode,
  middlewarePolicy,
  type StarInList,
} from "../extract/js/policy";
import { conditionalDelegate } from "../extract/js/delegates";
import { firstAccepting } from "../evaluate-match";
import { anyEntry, isSent, NONE } from "./decide";
import type { DecideInput, Decision, FrameworkDescriptor, KnownOptions } from "./types";

/** Where an Express-semantics configuration sits and how it was written. */
export interface ExpressLike {
  framework: Framework;
  node: ts.Node;
  anchor: Span;
  /** The options expression, or undefined when none was given. */
  options: ts.Expression | undefined;
  /** The options' value when already resolved (an option inside another object). */
  resolved?: Value;
  /** Offset of the `)` of a call without options. */
  insertAt?: number;
  starInList?: StarInList;
  note?: string;
}

/**
 * A Policy with Express `cors` semantics: no options (or no `origin`) means `*`; an options delegate
 * is read when it always hands over the same literal object.
 */
export function expressLikePolicy(f: JsFile, x: ExpressLike): Policy {
  let options: Value | undefined =
    x.resolved ?? (x.options ? f.resolver.resolve(x.options) : undefined);
  if (options?.kind === "function") {
    const fn = functionNode(f, x.options);
    const delegated = fn && (delegateOptions(f, fn) ?? conditionalDelegate(fn, f.resolver));
    options = delegated ?? { kind: "unknown", span: options.span, text: "options delegate" };
  }
  const policy = middlewarePolicy({
    framework: x.framework,
    node: x.node,
    anchor: x.anchor,
    options,
    names: EXPRESS_NAMES,
    origins: (v) => expressOrigins(v, x.starInList ?? "exact"),
    defaultOrigins: defaultAny(x.anchor),
    insertAt: x.insertAt,
    note: x.note,
  });
  const form = originForm(options);
  return form ? { ...policy, originForm: form } : policy;
}

/** `origin: false` and an origin function that refuses both mean: no CORS headers at all. */
function originForm(options: Value | undefined): Policy["originForm"] {
  const v = options?.kind === "dict" ? entry(options, "origin")?.value : undefined;
  if (v?.kind === "function") return "function";
  if (v?.kind === "bool" && !v.value) return "false";
  return undefined;
}

/** The `cors` package: `app.use(cors(...))`, route-level `cors(opts)`, `app.options('*', cors())`. */
const extractor: JsExtractor = {
  name: "express-cors",
  gate: (text) => mentionsImport(text, "cors"),
  applies: (f) => f.resolver.importsModule("cors"),
  extract(f) {
    const out: Policy[] = [];
    for (const call of f.calls) {
      if (f.resolver.qualified(call.expression) !== "cors") continue;
      out.push(
        expressLikePolicy(f, {
          framework: "express-cors",
          node: call,
          anchor: spanOf(call.expression),
          options: call.arguments[0],
          insertAt: call.arguments.length ? undefined : closingParen(call),
        }),
      );
    }
    return out;
  },
};

/**
 * Express `cors` (and NestJS, socket.io, Apollo, which delegate to it): `*` as is, a single string is
 * sent as is, anything else echoes matching origins. `Vary: Origin` for every non-`*` origin option.
 * A falsy `origin` option, or an origin function that refuses, sends no CORS headers at all.
 */
export function decideExpress(i: DecideInput): Decision {
  const form = i.policy.originForm;
  if (form === "false") return { acao: null, acac: false, vary: false };
  if (form === "function") {
    const via = firstAccepting(i.policy, i.origin);
    if (!via) return { acao: null, acac: false, vary: false };
    return { acao: i.origin, acac: i.cred, vary: true, via };
  }
  return staticExpressOrigin(i, true);
}

/** Express and Fastify given a literal origin option (a string, list, RegExp or `true`). */
export function staticExpressOrigin(i: DecideInput, varyForFixed: boolean): Decision {
  const any = anyEntry(i);
  if (any) return { acao: "*", acac: i.cred, vary: false, via: any };
  const sent =
    i.policy.origins.length === 1 && isSent(i.policy.origins[0]) ? i.policy.origins[0] : undefined;
  if (sent && sent.kind === "exact") {
    return {
      acao: sent.value,
      acac: i.cred,
      vary: varyForFixed,
      via: sent.value === i.origin ? sent : undefined,
    };
  }
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/** Express `cors` 2.8.6 lib/index.js (`headers` is an alias of `allowedHeaders`). */
export const EXPRESS_OPTIONS: KnownOptions = {
  source: "Express cors 2.8.6 lib/index.js",
  names: [
    "origin",
    "methods",
    "allowedHeaders",
    "headers",
    "exposedHeaders",
    "credentials",
    "maxAge",
    "preflightContinue",
    "optionsSuccessStatus",
  ],
};

/** Express `cors()`. */
export const expressCorsFramework: FrameworkDescriptor = {
  id: "express-cors",
  label: "Express cors",
  language: "typescript",
  extractor,
  decide: decideExpress,
  options: EXPRESS_OPTIONS,
  unknownOption: { effect: "ignored" },
  fixtures: "express",
};
