import type { DecideInput, Decision } from "./evaluate";
import { firstAccepting } from "./evaluate-match";
import type { Framework, OriginEntry } from "./model";

type Decider = (input: DecideInput) => Decision;

const NONE = { acao: null, via: undefined };

function anyEntry(input: DecideInput): OriginEntry | undefined {
  return input.policy.origins.find((e) => e.kind === "any");
}

/**
 * Starlette/FastAPI CORSMiddleware (starlette/middleware/cors.py). `*` plus credentials reflects on
 * preflights; on simple requests it reflects always (>=1.0) or only when a Cookie is sent (<=0.52).
 */
function starlette(i: DecideInput): Decision {
  const any = anyEntry(i);
  const matched = any ?? firstAccepting(i.policy, i.origin);
  if (i.request === "preflight") {
    if (any && !i.cred) return { acao: "*", acac: false, vary: false, via: any };
    return { ...(matched ? { acao: i.origin, via: matched } : NONE), acac: i.cred, vary: true };
  }
  const legacy = i.versions.starlette === "0.x";
  if (any && (legacy ? i.request === "simple-cookie" : i.cred)) {
    return { acao: i.origin, acac: i.cred, vary: true, via: any };
  }
  if (any) return { acao: "*", acac: i.cred, vary: false, via: any };
  if (matched) return { acao: i.origin, acac: i.cred, vary: true, via: matched };
  return { acao: null, acac: i.cred, vary: false };
}

/**
 * flask-cors (flask_cors/core.py): `*` becomes the regex `.*`, every match echoes the origin, and
 * `Vary: Origin` is added only with several origins or a regex (and never with `vary_header=False`).
 * `send_wildcard=True` with `*` sends `*` instead; with credentials too, the options raise ValueError.
 */
function flaskCors(i: DecideInput): Decision {
  const origins = i.policy.origins;
  const wildcard = origins.find(
    (e) => e.kind === "any" || (e.kind === "regex" && e.pattern === ".*"),
  );
  if (wildcard && i.policy.sendWildcard?.value) {
    if (i.cred) return { acao: null, acac: false, vary: false, error: FLASK_WILDCARD_ERROR };
    return { acao: "*", acac: false, vary: false, via: wildcard };
  }
  const via = firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: false };
  const several = origins.length > 1 || origins.some((e) => e.kind === "any" || e.kind === "regex");
  const vary = several && i.policy.vary?.value !== false;
  return { acao: i.origin, acac: i.cred, vary, via };
}

const FLASK_WILDCARD_ERROR =
  "flask-cors raises ValueError: send_wildcard with '*' cannot be used with supports_credentials";

/** django-cors-headers (corsheaders/middleware.py): always `Vary: Origin`; allow-all sends `*` only without credentials. */
function django(i: DecideInput): Decision {
  const any = anyEntry(i);
  const via = any ?? firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: i.cred, vary: true };
  return { acao: any && !i.cred ? "*" : i.origin, acac: i.cred, vary: true, via };
}

/** aiohttp-cors: the exact key, else the `"*"` key; either way the origin is echoed, never with Vary. */
function aiohttpCors(i: DecideInput): Decision {
  const via = firstAccepting(i.policy, i.origin, ["any"]) ?? anyEntry(i);
  if (!via) return { acao: null, acac: false, vary: false };
  return { acao: i.origin, acac: i.cred, vary: false, via };
}

/**
 * Falcon CORSMiddleware (falcon/middleware.py): `'*'` sends `*` unless credentials are allowed for the
 * origin; no Vary. A `'*'` inside a list (of origins or of credential origins) makes the constructor
 * raise ValueError: the app never starts.
 */
function falcon(i: DecideInput): Decision {
  const listStar = i.policy.origins.find((e) => e.kind === "exact" && e.value === "*" && !e.guards);
  if (listStar) return { acao: null, acac: false, vary: false, error: FALCON_LIST_STAR_ERROR };
  const any = anyEntry(i);
  const via = any ?? firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: false };
  return { acao: any && !i.cred ? "*" : i.origin, acac: i.cred, vary: false, via };
}

const FALCON_LIST_STAR_ERROR =
  "Falcon raises ValueError: '*' may only be passed as a string, not inside a list";

/** Litestar CORSMiddleware: allow-all answers preflights with `*` and echoes on simple requests with cookies. */
function litestar(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) {
    const echo = i.request === "simple-cookie";
    return { acao: echo ? i.origin : "*", acac: i.cred, vary: echo, via: any };
  }
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/**
 * Express `cors` (and NestJS, socket.io, Apollo, which delegate to it): `*` as is, a single string is
 * sent as is, anything else echoes matching origins. `Vary: Origin` for every non-`*` origin option.
 * A falsy `origin` option, or an origin function that refuses, sends no CORS headers at all.
 */
function expressCors(i: DecideInput): Decision {
  const form = i.policy.originForm;
  if (form === "false") return { acao: null, acac: false, vary: false };
  if (form === "function") {
    const via = firstAccepting(i.policy, i.origin);
    if (!via) return { acao: null, acac: false, vary: false };
    return { acao: i.origin, acac: i.cred, vary: true, via };
  }
  return staticExpressOrigin(i, true);
}

/**
 * @fastify/cors (index.js): as Express, but `Vary: Origin` is added before the origin is resolved for
 * every option that is neither a string nor `false`, and a refusing function keeps it.
 */
function fastifyCors(i: DecideInput): Decision {
  const form = i.policy.originForm;
  if (form === "false") return { acao: null, acac: false, vary: false };
  if (form === "function") {
    const via = firstAccepting(i.policy, i.origin);
    if (!via) return { acao: null, acac: false, vary: true };
    return { acao: i.origin, acac: i.cred, vary: true, via };
  }
  return staticExpressOrigin(i, false);
}

/** Express and Fastify given a literal origin option (a string, list, RegExp or `true`). */
function staticExpressOrigin(i: DecideInput, varyForFixed: boolean): Decision {
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

function isSent(e: OriginEntry): boolean {
  return e.kind === "exact" && e.match === "sent";
}

/** Hono `cors`: `*` as is (even with credentials), a string or list echoes an exact match, a function's result. */
function hono(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) return { acao: "*", acac: i.cred, vary: false, via: any };
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/** @koa/cors: no matching; `*` plus credentials echoes the origin; always `Vary: Origin`. */
function koaCors(i: DecideInput): Decision {
  const any = anyEntry(i);
  if (any) return { acao: i.cred ? i.origin : "*", acac: i.cred, vary: true, via: any };
  const sent = i.policy.origins.find(isSent);
  if (sent && sent.kind === "exact") {
    return {
      acao: sent.value,
      acac: i.cred,
      vary: true,
      via: sent.value === i.origin ? sent : undefined,
    };
  }
  const via = firstAccepting(i.policy, i.origin);
  if (!via) return { acao: null, acac: false, vary: true };
  return { acao: i.origin, acac: i.cred, vary: true, via };
}

/** @elysiajs/cors: `origin: true` echoes, `*` is sent as is, otherwise matching origins are echoed. */
function elysia(i: DecideInput): Decision {
  const reflect = i.policy.origins.find((e) => e.kind === "reflect" && e.reason === "true");
  if (reflect) return { acao: i.origin || "*", acac: i.cred, vary: true, via: reflect };
  const any = anyEntry(i);
  if (any) return { acao: "*", acac: i.cred, vary: true, via: any };
  const via = firstAccepting(i.policy, i.origin);
  return { ...(via ? { acao: i.origin, via } : NONE), acac: i.cred, vary: true };
}

/**
 * Hand-written headers and Next.js `headers()`: whatever is written is sent. Reflecting entries echo the
 * origin, checks echo it when they pass; `Vary` only when the code adds it.
 */
function fixedHeaders(i: DecideInput): Decision {
  const vary = i.policy.vary?.value ?? false;
  const via = firstAccepting(i.policy, i.origin);
  if (via) {
    const acao =
      via.kind === "any" ? "*" : isSent(via) && via.kind === "exact" ? via.value : i.origin;
    return { acao, acac: i.cred, vary, via };
  }
  const sent = i.policy.origins.find(isSent);
  return { acao: sent && sent.kind === "exact" ? sent.value : null, acac: i.cred, vary };
}

/** Every framework's runtime semantics. */
export const DECIDERS: Record<Framework, Decider> = {
  starlette,
  "flask-cors": flaskCors,
  "django-cors-headers": django,
  "aiohttp-cors": aiohttpCors,
  falcon,
  litestar,
  "python-headers": fixedHeaders,
  "express-cors": expressCors,
  nestjs: expressCors,
  "socket.io": expressCors,
  "fastify-cors": fastifyCors,
  hono,
  "koa-cors": koaCors,
  elysia,
  "nextjs-headers": fixedHeaders,
  "js-headers": fixedHeaders,
};
