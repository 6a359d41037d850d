import type { OriginEntry, Policy } from "../model";
import { ts } from "../parse/typescript";
import { alternatives, entry } from "../values";
import { base } from "../extract/origins";
import { skipOuter } from "../extract/js/bindings";
import { expressLikePolicy } from "./express-cors";
import { guardsOf, spanOf } from "../extract/js/guards";
import { mentionsImport } from "../extract/js/gates";
import type { JsExtractor, JsFile } from "../extract/js";
import { closingParen } from "../extract/js/policy";
import { decideExpress, EXPRESS_OPTIONS } from "./express-cors";
import { FASTIFY_OPTIONS } from "./fastify-cors";
import type { FrameworkDescriptor } from "./types";

const FASTIFY_NOTE = "NestJS on the Fastify adapter: the options go to @fastify/cors";

/**
 * NestJS: `app.enableCors(options?)` and `NestFactory.create(Module, [adapter,] { cors })`, which hand
 * their options to Express `cors` (or @fastify/cors with the Fastify adapter).
 */
const MODULES = [
  "@nestjs/core",
  "@nestjs/common",
  "@nestjs/platform-express",
  "@nestjs/platform-fastify",
];

const extractor: JsExtractor = {
  name: "nestjs",
  gate: (text) => mentionsImport(text, ...MODULES),
  applies: (f) => f.resolver.importsModule(...MODULES),
  extract(f) {
    const fastify = f.resolver.importsModule("@nestjs/platform-fastify");
    const out: Policy[] = [];
    for (const call of f.calls) {
      const callee = skipOuter(call.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "enableCors") {
        out.push(
          expressLikePolicy(f, {
            framework: "nestjs",
            node: call,
            anchor: spanOf(callee.name),
            options: call.arguments[0],
            insertAt: call.arguments.length ? undefined : closingParen(call),
            starInList: fastify ? "any" : "exact",
            note: fastify ? FASTIFY_NOTE : undefined,
          }),
        );
      } else if (f.resolver.qualified(callee) === "@nestjs/core.NestFactory.create") {
        const p = factoryPolicy(f, call);
        if (p) out.push(p);
      }
    }
    return out;
  },
};

function factoryPolicy(f: JsFile, call: ts.CallExpression): Policy | undefined {
  const adapter = call.arguments.find((a) => {
    const e = skipOuter(a);
    return (
      ts.isNewExpression(e) && /FastifyAdapter$/.test(f.resolver.qualified(e.expression) ?? "")
    );
  });
  const fastify = !!adapter || f.resolver.importsModule("@nestjs/platform-fastify");
  for (const a of call.arguments.slice(1)) {
    const cors = entry(f.resolver.resolve(a), "cors");
    if (!cors) continue;
    const k = cors.value.kind;
    if (k !== "dict" && k !== "function" && k !== "unknown") return truePolicy(call, cors, fastify);
    return expressLikePolicy(f, {
      framework: "nestjs",
      node: call,
      anchor: cors.keySpan,
      options: findProperty(a, "cors"),
      resolved: cors.value,
      starInList: fastify ? "any" : "exact",
      note: fastify ? FASTIFY_NOTE : undefined,
    });
  }
  return undefined;
}

/** `cors: true` (or a condition that may be true): allow all origins. */
function truePolicy(
  call: ts.CallExpression,
  cors: NonNullable<ReturnType<typeof entry>>,
  fastify: boolean,
): Policy | undefined {
  const origins: OriginEntry[] = [];
  for (const alt of alternatives(cors.value)) {
    if (alt.value.kind === "bool" && alt.value.value) {
      const m = {
        guards: alt.guards.length ? alt.guards : undefined,
        envVar: alt.envVar,
        inList: false,
      };
      origins.push({ kind: "any", source: "setting", ...base(alt.value.span, m) });
    }
  }
  if (!origins.length) return undefined;
  return {
    framework: "nestjs",
    language: "typescript",
    span: spanOf(call),
    anchor: cors.keySpan,
    origins,
    options: [],
    guards: guardsOf(call),
    ...(fastify ? { note: FASTIFY_NOTE } : {}),
  };
}

/** The value expression of `key` in an object literal (through a const holding it). */
function findProperty(e: ts.Expression, key: string): ts.Expression | undefined {
  e = skipOuter(e);
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  for (const p of e.properties) {
    if (p.name && ts.isIdentifier(p.name) && p.name.text === key) {
      if (ts.isPropertyAssignment(p)) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p)) return p.name;
    }
  }
  return undefined;
}

/** NestJS `enableCors()` / `cors:`: CorsOptions is the delegate's, Express `cors` or @fastify/cors. */
export const nestjsFramework: FrameworkDescriptor = {
  id: "nestjs",
  label: "NestJS CORS",
  language: "typescript",
  extractor,
  decide: decideExpress,
  options: {
    source: `the delegate's: ${EXPRESS_OPTIONS.source} or ${FASTIFY_OPTIONS.source}`,
    names: [...new Set([...EXPRESS_OPTIONS.names, ...FASTIFY_OPTIONS.names])],
  },
  unknownOption: { effect: "ignored" },
  fixtures: "nestjs",
  noOracle: "NestJS passes its options to Express cors or @fastify/cors, which the oracle runs",
};
