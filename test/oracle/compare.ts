import { analyze } from "../../server/src/core/analyze";
import { DEFAULT_CONFIG } from "../../server/src/core/config";
import {
  evaluate,
  type EvaluateOptions,
  type RequestKind,
  type Verdict,
} from "../../server/src/core/evaluate";
import type { Framework, Policy } from "../../server/src/core/model";
import type { CorpusItem, OracleFramework } from "./corpus/types";
import { REQUEST_KINDS, type RuntimeRecord } from "./drivers/record";

/** The facts both sides must agree on for one origin and request kind. */
export interface Answer {
  allowed: boolean;
  acao: string | null;
  credentials: boolean;
  vary: boolean;
  /** The middleware refuses the configuration (raises while the app is built): nothing is served. */
  raises: boolean;
  /** Only compared for `simple-cookie`: ACAO equals the origin and credentials are allowed. */
  readableWithCredentials?: boolean;
}

/** One comparison that failed. */
export interface Disagreement {
  id: string;
  framework: OracleFramework;
  origin: string;
  kind: RequestKind;
  fields: (keyof Answer)[];
  static: Answer | string;
  runtime: Answer;
}

/** The engine's name for each framework the oracle runs. */
export const ENGINE_FRAMEWORK: Record<OracleFramework, Framework> = {
  starlette: "starlette",
  fastapi: "starlette",
  "flask-cors": "flask-cors",
  "django-cors-headers": "django-cors-headers",
  "aiohttp-cors": "aiohttp-cors",
  "express-cors": "express-cors",
  "fastify-cors": "fastify-cors",
  hono: "hono",
  "koa-cors": "koa-cors",
  falcon: "falcon",
  "socket.io": "socket.io",
  "js-headers": "js-headers",
};

/** The package whose installed version the engine is asked to model, per framework. */
export const RUNTIME_PACKAGE: Record<OracleFramework, string> = {
  starlette: "starlette",
  fastapi: "starlette",
  "flask-cors": "Flask-Cors",
  "django-cors-headers": "django-cors-headers",
  "aiohttp-cors": "aiohttp-cors",
  "express-cors": "cors",
  "fastify-cors": "@fastify/cors",
  hono: "hono",
  "koa-cors": "@koa/cors",
  falcon: "falcon",
  // engine.io hands the option to this `cors` for its HTTP requests.
  "socket.io": "cors",
  // Hand-written headers: Node's own http and fetch (undici) serialise the values.
  "js-headers": "node",
};

/**
 * Options for evaluate(): the request kind and the version of the middleware that really ran, so
 * the engine can model a pinned local version (Starlette 0.26 reflects allow-all + credentials on
 * simple requests only when a Cookie is sent; >= 1.0 always).
 */
export function evaluateOptions(
  framework: OracleFramework,
  kind: RequestKind,
  version: string | null | undefined,
): EvaluateOptions {
  const options: EvaluateOptions = { request: kind };
  if (RUNTIME_PACKAGE[framework] === "starlette" && version) {
    options.versions = { starlette: version.startsWith("0.") ? "0.x" : "1.x" };
  }
  return options;
}

/** What the browser concludes from the runtime record. */
export function observed(rec: RuntimeRecord, origin: string, kind: RequestKind): Answer {
  const matches = rec.acao === "*" || rec.acao === origin;
  const okStatus = rec.status >= 200 && rec.status < 300;
  const answer: Answer = {
    allowed: matches && (kind !== "preflight" || okStatus),
    acao: rec.acao,
    credentials: rec.acac === "true",
    vary: rec.vary,
    raises: false,
  };
  if (kind === "simple-cookie")
    answer.readableWithCredentials = rec.acao === origin && rec.acac === "true";
  return answer;
}

/** What the browser gets from an app that never started: no response, so nothing is readable. */
export function refused(kind: RequestKind): Answer {
  const answer: Answer = {
    allowed: false,
    acao: null,
    credentials: false,
    vary: false,
    raises: true,
  };
  if (kind === "simple-cookie") answer.readableWithCredentials = false;
  return answer;
}

function predicted(v: Verdict, kind: RequestKind): Answer {
  const answer: Answer = {
    allowed: v.allowed,
    acao: v.allowOriginHeader,
    credentials: v.credentials,
    vary: v.vary,
    raises: v.error !== undefined,
  };
  if (kind === "simple-cookie") answer.readableWithCredentials = v.readableWithCredentials;
  return answer;
}

/**
 * The policies the engine extracts for the configuration's middleware call, or why there are none.
 * One call can become several policies (Falcon's `allow_credentials` list splits the origins answered
 * with credentials from those answered without); they all share the call's span.
 */
export function extractPolicies(item: CorpusItem): Policy[] | string {
  const result = analyze(item.snippet, item.fileName, {
    config: DEFAULT_CONFIG,
    relativePath: item.fileName,
  });
  const want = ENGINE_FRAMEWORK[item.framework];
  const mine = result.policies.filter((p) => p.framework === want);
  if (mine.length) {
    const { start, end } = mine[0].span;
    return mine.filter((p) => p.span.start === start && p.span.end === end);
  }
  const found = result.policies.map((p) => p.framework).join(", ") || "none";
  const notices = result.notices.map((n) => n.message).join("; ");
  return `no ${want} policy extracted (found: ${found})${notices ? `; notices: ${notices}` : ""}`;
}

/**
 * The engine's answer for one call: a single policy's verdict; for a split call, an error of any part
 * (the constructor raises for the whole middleware), else the policy that lets the origin through, a
 * credentialed one first (it holds the origins the middleware singles out for credentials), else the
 * first policy's refusal.
 */
export function evaluateCall(
  policies: Policy[],
  origin: string,
  options: EvaluateOptions,
): Verdict {
  const verdicts = policies.map((p) => evaluate(p, origin, options));
  const error = verdicts.find((v) => v.error !== undefined);
  if (error) return error;
  const through = verdicts.filter((v) => v.via);
  return through.find((v) => v.credentials) ?? through[0] ?? verdicts[0];
}

/**
 * Compares the engine's verdicts with the runtime records of one configuration
 * (`records[i][k]` answers `origins[i]` for `REQUEST_KINDS[k]`), or with the exception the middleware
 * raised while the app was built.
 */
export function compareItem(
  item: CorpusItem,
  origins: string[],
  records: RuntimeRecord[][] | { raised: string },
  version: string | null | undefined,
): Disagreement[] {
  const policies = extractPolicies(item);
  const out: Disagreement[] = [];
  origins.forEach((origin, i) => {
    REQUEST_KINDS.forEach((kind, k) => {
      const runtime = "raised" in records ? refused(kind) : observed(records[i][k], origin, kind);
      let staticAnswer: Answer | string;
      try {
        staticAnswer =
          typeof policies === "string"
            ? policies
            : predicted(
                evaluateCall(policies, origin, evaluateOptions(item.framework, kind, version)),
                kind,
              );
      } catch (e) {
        staticAnswer = `evaluate() threw: ${(e as Error).message}`;
      }
      const fields =
        typeof staticAnswer === "string"
          ? (["allowed"] as (keyof Answer)[])
          : (Object.keys(runtime) as (keyof Answer)[]).filter(
              (f) => staticAnswer[f] !== runtime[f],
            );
      if (fields.length) {
        out.push({
          id: item.id,
          framework: item.framework,
          origin,
          kind,
          fields,
          static: staticAnswer,
          runtime,
        });
      }
    });
  });
  return out;
}

function show(a: Answer | string): string {
  if (typeof a === "string") return a;
  const parts = [
    `allowed=${a.allowed}`,
    `ACAO=${a.acao === null ? "-" : JSON.stringify(a.acao)}`,
    `credentials=${a.credentials}`,
    `vary=${a.vary}`,
    ...(a.raises ? ["raises=true"] : []),
  ];
  if (a.readableWithCredentials !== undefined)
    parts.push(`readableWithCredentials=${a.readableWithCredentials}`);
  return parts.join(" ");
}

/** One line naming the framework, the config, the origin, the request kind and both answers. */
export function describe(d: Disagreement): string {
  return (
    `${d.framework} ${d.id}: Origin ${d.origin} ${d.kind} [${d.fields.join(", ")}]\n` +
    `    static:  ${show(d.static)}\n    runtime: ${show(d.runtime)}`
  );
}
