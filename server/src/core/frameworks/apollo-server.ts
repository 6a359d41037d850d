import type { Policy } from "../model";
import { ts } from "../parse/typescript";
import { entry, type Value } from "../values";
import { skipOuter } from "../extract/js/bindings";
import { spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor, JsFile } from "../extract/js";
import { decideExpress, EXPRESS_OPTIONS, expressLikePolicy } from "./express-cors";
import type { FrameworkDescriptor } from "./types";

/** Packages whose `ApolloServer` sets up Express `cors` itself (read from their sources, v2/v3). */
const STANDALONE = "apollo-server";
const EXPRESS = "apollo-server-express";
/** `@apollo/server` 4+: `startStandaloneServer` always installs `cors()` with no options. */
const STANDALONE_V4 = "@apollo/server/standalone";

const NOTE_V4 =
  "Apollo Server 4 startStandaloneServer always installs cors() with no options: every origin gets *";

/**
 * Apollo Server's own CORS, all of it Express `cors` 2.8:
 * - `apollo-server` 2/3 `new ApolloServer({ cors })`: `listen()` applies `cors` or, when it is
 *   undefined, `{ origin: '*' }`; `cors: true` is `cors()` (`*`), `cors: false` installs nothing;
 * - `apollo-server-express` 2/3 `server.applyMiddleware({ app, cors })` / `getMiddleware({ cors })`:
 *   `cors(options)` for anything but `false`, so an absent `cors` means `*` on the GraphQL path;
 * - `@apollo/server` 4+ `startStandaloneServer(server)`: `cors()`, not configurable.
 *   (`expressMiddleware` is used beside Express `cors()`, which the Express extractor reads.)
 */
const extractor: JsExtractor = {
  name: "apollo-server",
  gate: (text) => mentionsImport(text, STANDALONE, EXPRESS, STANDALONE_V4),
  applies: (f) => f.resolver.importsModule(STANDALONE, EXPRESS, STANDALONE_V4),
  extract(f) {
    const out: Policy[] = [];
    for (const n of f.news) {
      if (f.resolver.qualified(n.expression) !== `${STANDALONE}.ApolloServer`) continue;
      const p = optionPolicy(f, n, n.arguments?.[0], spanOf(n.expression));
      if (p) out.push(p);
    }
    const express = f.resolver.importsModule(EXPRESS);
    for (const c of f.calls) {
      const callee = skipOuter(c.expression);
      if (f.resolver.qualified(callee) === `${STANDALONE_V4}.startStandaloneServer`) {
        out.push(expressLikePolicy(f, base(c, spanOf(callee), undefined, NOTE_V4)));
      } else if (express && ts.isPropertyAccessExpression(callee) && isRegistration(f, c)) {
        const p = optionPolicy(f, c, c.arguments[0], spanOf(callee.name));
        if (p) out.push(p);
      }
    }
    return out;
  },
};

/** `server.applyMiddleware({ app, ... })` / `server.getMiddleware({ ... })` of apollo-server-express. */
function isRegistration(f: JsFile, c: ts.CallExpression): boolean {
  const callee = skipOuter(c.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const m = callee.name.text;
  if (m === "getMiddleware") return true;
  if (m !== "applyMiddleware") return false;
  const opts = c.arguments[0] && f.resolver.resolve(c.arguments[0]);
  return opts?.kind === "dict" && !!entry(opts, "app");
}

/** The policy an options object with a `cors` entry (or without one: `*`) gives. */
function optionPolicy(
  f: JsFile,
  node: ts.Node,
  arg: ts.Expression | undefined,
  anchor: Policy["anchor"],
): Policy | undefined {
  const opts: Value | undefined = arg ? f.resolver.resolve(arg) : undefined;
  if (opts && opts.kind !== "dict") return undefined;
  const cors = opts ? entry(opts, "cors") : undefined;
  if (!cors) return expressLikePolicy(f, base(node, anchor, undefined));
  if (cors.value.kind === "bool") {
    return cors.value.value ? expressLikePolicy(f, base(node, cors.keySpan, undefined)) : undefined;
  }
  return expressLikePolicy(f, {
    ...base(node, cors.keySpan, propertyValue(arg, "cors")),
    resolved: cors.value,
  });
}

function base(
  node: ts.Node,
  anchor: Policy["anchor"],
  options: ts.Expression | undefined,
  note?: string,
) {
  return { framework: "apollo-server" as const, node, anchor, options, ...(note ? { note } : {}) };
}

function propertyValue(e: ts.Expression | undefined, key: string): ts.Expression | undefined {
  const o = e && skipOuter(e);
  if (!o || !ts.isObjectLiteralExpression(o)) return undefined;
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === key) return p.initializer;
  }
  return undefined;
}

/** Apollo Server: its `cors` option goes to Express `cors`; without it, `*`. */
export const apolloServerFramework: FrameworkDescriptor = {
  id: "apollo-server",
  label: "Apollo Server cors",
  language: "typescript",
  extractor,
  decide: decideExpress,
  options: {
    source: `apollo-server(-express) 2/3 ApolloServer.ts passes it to ${EXPRESS_OPTIONS.source}`,
    names: EXPRESS_OPTIONS.names,
  },
  unknownOption: { effect: "ignored" },
  fixtures: "apollo-server",
  noOracle:
    "Apollo Server is not installed here; its cors option is handed to Express cors unchanged, which the oracle runs",
};
